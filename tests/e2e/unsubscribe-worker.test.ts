import { mkdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import type { Browser } from 'playwright-core';
import { parse } from 'smol-toml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/audience/unsubscribe-token.js';
import { launchChromium, localPage } from '../helpers/browser.js';
import { answersLikeTheEndpoint } from '../helpers/endpoint-requests.js';
import { PROJECT_ROOT, fixture, runCli } from '../helpers/fixture.js';
import { LIVE_DOMAIN, LIVE_SECRET, PULL_SECRET } from '../helpers/live-project.js';

const READERS: [string, string, string] = ['ana@mail-a.org', 'ben@mail-b.org', 'cy@mail-c.org'];

interface WranglerToml {
  name: string;
  main: string;
  compatibility_date: string;
  vars: Record<string, string>;
  kv_namespaces: Array<{ binding: string; id: string }>;
}

let browser: Browser;
const workers: Miniflare[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((mf) => mf.dispose()));
});

/**
 * The Worker as `init` sets it up and `wrangler deploy` would ship it: the newsletter's
 * wrangler.toml (its main, compatibility date, vars and KV binding), the entry bundled with
 * esbuild as wrangler does, run by workerd (Cloudflare's runtime) through Miniflare on 127.0.0.1.
 */
async function deployedLocally() {
  const dir = await fixture({});
  const init = await runCli(['init', '.', '--name', 'Worker Letter', '--from', `editor@${LIVE_DOMAIN}`], dir);
  expect(init.code, init.stderr).toBe(0);
  await mkdir(path.join(dir, 'node_modules'), { recursive: true });
  await symlink(PROJECT_ROOT, path.join(dir, 'node_modules', 'watch-digest'));
  const tomlFile = path.join(dir, 'unsubscribe-endpoint', 'wrangler.toml');
  const config = parse(await readFile(tomlFile, 'utf8')) as unknown as WranglerToml;
  const { script, inputs } = await bundleWorker(path.resolve(path.dirname(tomlFile), config.main));
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: config.compatibility_date,
    kvNamespaces: config.kv_namespaces.map((kv) => kv.binding),
    bindings: { ...config.vars, UNSUBSCRIBE_SECRET: LIVE_SECRET, UNSUBSCRIBE_PULL_SECRET: PULL_SECRET },
    host: '127.0.0.1',
    port: 0,
    // The Worker's log lines (console.log) arrive on workerd's stdout.
    handleRuntimeStdio: (stdout, stderr) => {
      stdout.on('data', (chunk) => (log += chunk));
      stderr.on('data', (chunk) => (log += chunk));
    },
  });
  let log = '';
  workers.push(mf);
  const url = (await mf.ready).href.replace(/\/$/, '');
  return { dir, url, config, inputs, log: () => log };
}

/** The Worker's entry bundled as wrangler bundles it (esbuild, ES module, the workerd conditions). */
async function bundleWorker(entry: string): Promise<{ script: string; inputs: string[] }> {
  const bundled = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    target: 'es2022',
    write: false,
    metafile: true,
  });
  return { script: bundled.outputFiles[0]!.text, inputs: Object.keys(bundled.metafile.inputs) };
}

describe('the endpoint as a Cloudflare Worker under workerd', () => {
  it('answers the same requests as unsubscribe-server, with Web APIs only, and its requests reach the suppression file by --pull', async () => {
    const { dir, url, config, inputs, log } = await deployedLocally();
    expect(config.main).toBe('../node_modules/watch-digest/dist/endpoint/worker.js');
    expect(config.vars.NEWSLETTER_NAME).toBe('Worker Letter');
    expect(config.kv_namespaces).toEqual([{ binding: 'UNSUBSCRIBE_REQUESTS', id: 'REPLACE_WITH_THE_KV_NAMESPACE_ID' }]);
    // Nothing Node-only is bundled: the Worker needs no nodejs_compat.
    expect(inputs.some((file) => /file-store|node:/.test(file))).toBe(false);

    await answersLikeTheEndpoint(url, READERS);

    // The pull (twice: KV's cursor stays behind recent writes, so the second sees them again) adds each reader once.
    const env = { UNSUBSCRIBE_SECRET: LIVE_SECRET, UNSUBSCRIBE_PULL_SECRET: PULL_SECRET };
    for (const expected of [{ received: 2, added: [READERS[0], READERS[1]] }, { added: [], already: 2 }]) {
      const pulled = await runCli(['unsubscribe', '--pull', `${url}/requests`, '--json'], dir, env);
      expect(pulled.code, pulled.stderr).toBe(0);
      expect(JSON.parse(pulled.stdout)).toMatchObject(expected);
    }
    const rows = (await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).trim().split('\n');
    expect(log()).toContain('POST /unsubscribe -> 200');
    for (const reader of READERS) expect(log()).not.toContain(reader);
    expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual([READERS[0], READERS[1]]);
  });

  it('shows the confirmation page in Chromium and unsubscribes with its button', async () => {
    const { url } = await deployedLocally();
    const page = await localPage(browser);
    await page.goto(`${url}/unsubscribe?token=${signToken(READERS[2], LIVE_SECRET)}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Unsubscribe from Worker Letter');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('You are unsubscribed');
    await page.close();
    const pulled = await fetch(`${url}/requests`, { headers: { Authorization: `Bearer ${PULL_SECRET}` } });
    expect(((await pulled.json()) as { requests: unknown[] }).requests).toHaveLength(1);
  });

  it('answers "try again later" rather than accept links when its secret is missing', async () => {
    const { script } = await bundleWorker(path.join(PROJECT_ROOT, 'dist', 'endpoint', 'worker.js'));
    const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-06-01', kvNamespaces: ['UNSUBSCRIBE_REQUESTS'], bindings: { UNSUBSCRIBE_PULL_SECRET: PULL_SECRET }, handleRuntimeStdio: (out, err) => void (out.resume(), err.resume()) });
    workers.push(mf);
    const response = await mf.dispatchFetch(`http://127.0.0.1/unsubscribe?token=${signToken(READERS[0], LIVE_SECRET)}`, { method: 'POST' });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('Try again later');
  });
});

