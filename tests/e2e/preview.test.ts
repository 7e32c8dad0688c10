import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, localPage } from '../helpers/browser.js';
import { CLI, PROJECT_ROOT, cleanEnv, fixture, item, runCli, weekOf } from '../helpers/fixture.js';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-output', 'screenshots');
let browser: Browser;
const children: ChildProcess[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

/** Starts `watch-digest preview` on a free port and resolves with its URL. */
async function startPreview(dir: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'preview', '--week', '2024-W10', '--port', '0'], { cwd: dir, env: cleanEnv() });
  children.push(child);
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${output}`)));
  });
  return { url, child, output: () => output };
}

const frameText = (page: import('playwright-core').Page, id: string) => page.frameLocator(`#${id}`).locator('body').innerText();

describe('watch-digest preview', () => {
  it('shows the email at desktop and phone widths, with the inbox line, text part and preflight', async () => {
    const greeting = { greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' } };
    const dir = await fixture({ ...weekOf(), 'watch-digest.config.json': JSON.stringify(greeting) });
    const { url } = await startPreview(dir);
    const page = await localPage(browser, { viewport: { width: 1200, height: 900 } });
    await page.goto(url);
    await expect(page.locator('#subject').innerText()).resolves.toBe('Weekly Digest: Diplomacy Watch: Talks resume');
    await expect(page.locator('#preheader').innerText()).resolves.toBe('Envoys met again after a pause.');
    for (const frame of ['desktop', 'phone']) {
      const text = await frameText(page, frame);
      expect(text).toContain('Diplomacy Watch: Talks resume');
      for (const bullet of ['First bullet, according to Wire.', 'Second bullet.', 'A single bullet.']) expect(text).toContain(bullet);
    }
    const phone = page.frameLocator('#phone').locator('html');
    const [scrollWidth, clientWidth] = await phone.evaluate((html) => [html.scrollWidth, html.clientWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await expect(page.frameLocator('#desktop').locator('a', { hasText: 'Unsubscribe' }).getAttribute('href')).resolves.toMatch(/^https:\/\/example.org\/unsubscribe\?token=/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'preview.png'), fullPage: false });
    await page.frameLocator('#phone').locator('body').screenshot({ path: path.join(SCREENSHOTS, 'preview-phone.png') });

    // Both parts read as a reader gets them: a greeting and an unsubscribe link, no placeholders.
    const desktop = await frameText(page, 'desktop');
    expect(desktop).toContain('Dear reader,');
    expect(desktop).not.toContain('%%');
    await page.getByRole('tab', { name: 'Plain text' }).click();
    const text = await page.locator('#text').innerText();
    expect(text).toContain('In other diplomatic news:');
    expect(text).toContain('Dear reader,');
    expect(text).toMatch(/Unsubscribe: https:\/\/example.org\/unsubscribe\?token=sample/);
    expect(text).not.toContain('%%');
    await page.getByRole('tab', { name: /Preflight/ }).click();
    await expect(page.locator('#tab-preflight').innerText()).resolves.toContain('postal-address');
    await page.close();
  });

  it('reloads by itself when an item changes, and shows a compose error while keeping the last good render', async () => {
    const dir = await fixture(weekOf());
    const { url } = await startPreview(dir);
    const page = await localPage(browser, { viewport: { width: 1200, height: 900 } });
    await page.goto(url);
    const news = path.join(dir, 'digests', 'news', 'two.md');
    await writeFile(news, item({ kind: 'news', date: '2024-03-06' }, 'A freshly edited bullet about ports.'));
    await expect.poll(() => frameText(page, 'desktop').catch(() => ''), { timeout: 10_000 }).toContain('A freshly edited bullet about ports.');

    await writeFile(path.join(dir, 'digests', 'lead.md'), '---\nkind: lead\ndate: 2024-03-06\n---\nNo title now.');
    await expect.poll(() => page.locator('#compose-error').innerText().catch(() => ''), { timeout: 10_000 }).toContain('digests/lead.md: title: required for a lead item');
    expect(await frameText(page, 'desktop')).toContain('A freshly edited bullet about ports.');
    await page.close();
  });

  it('shows an error, not a crash, when digests/ is a file, and recovers when it is a folder again, showing warnings', async () => {
    const dir = await fixture({ digests: 'not a folder\n', 'watch-digest.config.json': '{}' });
    const { url, child, output } = await startPreview(dir);
    const page = await localPage(browser, { viewport: { width: 1200, height: 900 } });
    await page.goto(url);
    await expect(page.locator('#compose-error').innerText()).resolves.toContain('digests: is a file, but items live in a folder of that name');

    // A rebuild (the config changed) fails the same way without ending the preview.
    await writeFile(path.join(dir, 'watch-digest.config.json'), '{ "name": "Weekly Digest" }');
    await expect.poll(() => output().split('compose failed').length, { timeout: 20_000 }).toBeGreaterThan(2);
    expect(child.exitCode).toBeNull();
    expect(output()).not.toContain('unexpected error');

    await rm(path.join(dir, 'digests'));
    for (const [file, text] of Object.entries(weekOf())) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    await symlink('.', path.join(dir, 'digests', 'loop'));
    await writeFile(path.join(dir, 'watch-digest.config.json'), '{}');
    await expect.poll(() => page.locator('#compose-warnings').innerText().catch(() => ''), { timeout: 20_000 }).toContain('digests/loop: a symbolic link to a folder (.) is not followed');
    expect(await frameText(page, 'desktop')).toContain('Diplomacy Watch: Talks resume');
    expect(child.exitCode).toBeNull();
    await page.close();
  }, 120_000);

  it('says clearly when the port is taken, and stops cleanly on Ctrl-C', async () => {
    const dir = await fixture(weekOf());
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    const taken = await runCli(['preview', '--week', '2024-W10', '--port', String(port)], dir);
    blocker.close();
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`error: port ${port} on 127.0.0.1 is already in use`);

    const { child } = await startPreview(dir);
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(await readFile(path.join(dir, 'digests', 'lead.md'), 'utf8')).toContain('Talks resume');
  });
});
