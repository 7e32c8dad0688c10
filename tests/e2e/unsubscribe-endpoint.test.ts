import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, localPage } from '../helpers/browser.js';
import { fixture, runCli } from '../helpers/fixture.js';
import { LIVE_SECRET, PULL_SECRET, liveConfig, liveWeek, startEndpoint } from '../helpers/live-project.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { answersLikeTheEndpoint, badTokens, oneClickPost } from '../helpers/endpoint-requests.js';

const READERS = Array.from({ length: 6 }, (_, i) => `reader${i}@mail-${i}.org`);
const secrets = { UNSUBSCRIBE_SECRET: LIVE_SECRET, UNSUBSCRIBE_PULL_SECRET: PULL_SECRET };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A newsletter whose unsubscribe.url is the endpoint `unsubscribe-server` runs for it on 127.0.0.1. */
async function newsletterWithEndpoint() {
  const dir = await fixture({ ...liveWeek('2024-03-06'), ...liveWeek('2024-03-13'), 'subscribers.csv': `email,name\n${READERS.map((r, i) => `${r},Reader ${i}`).join('\n')}\n` });
  await writeFile(path.join(dir, 'watch-digest.config.json'), liveConfig('https://unsubscribe.diplomacy-watch.net/u?token={token}'));
  const endpoint = await startEndpoint(dir);
  await writeFile(path.join(dir, 'watch-digest.config.json'), liveConfig(`${endpoint.url}/unsubscribe?token={token}`));
  return { dir, endpoint };
}

async function sendWeek(dir: string, week: string, server: TestSmtpServer) {
  expect((await runCli(['compose', '--week', week], dir)).code).toBe(0);
  const sent = await runCli(['send', '--week', week, '--yes', '--json'], dir, { SMTP_URL: server.url, ...secrets });
  expect(sent.code, sent.stderr).toBe(0);
  return JSON.parse(sent.stdout) as { sent: number; suppressed: number };
}

/** The message delivered to `reader`: its List-Unsubscribe HTTPS address and the footer's unsubscribe link. */
function deliveredTo(server: TestSmtpServer, reader: string) {
  const message = server.received.find((m) => m.envelopeTo.includes(reader))!;
  const headers = message.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const oneClick = /^List-Unsubscribe: <(http[^>]+)>/im.exec(headers)![1]!;
  expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/im);
  const body = message.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const footer = /href="(http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=[^"]+)"/.exec(body)![1]!.replaceAll('&amp;', '&');
  return { oneClick, footer };
}

describe('the one-click unsubscribe endpoint, from a delivered message to the next send', () => {
  it('the footer link in Chromium, a raw RFC 8058 POST, 100 bad tokens recording nothing, one pull each, and the next send skips those readers', async () => {
    const server = await startSmtpServer();
    const { dir, endpoint } = await newsletterWithEndpoint();
    const first = await sendWeek(dir, '2024-W10', server);
    expect(first.sent).toBe(READERS.length);

    // reader0 opens the footer link in a browser: a confirmation page naming the newsletter, one button.
    const reader0 = deliveredTo(server, READERS[0]!);
    const page = await localPage(browser);
    await page.goto(reader0.footer);
    await expect(page.locator('h1').textContent()).resolves.toBe('Unsubscribe from Diplomacy Watch');
    expect(await page.content()).not.toContain(READERS[0]);
    const confirmed = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    expect((await confirmed).status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('You are unsubscribed');
    await page.close();
    // Opening the link (as a mail scanner does) recorded nothing; the button did, once.
    const storeFile = path.join(dir, 'unsubscribe-requests.jsonl');
    expect((await readFile(storeFile, 'utf8')).trim().split('\n')).toHaveLength(1);

    // reader1's mail client posts to the List-Unsubscribe address (RFC 8058), twice: 200 both times, recorded once.
    const reader1 = deliveredTo(server, READERS[1]!);
    for (let i = 0; i < 2; i++) {
      const response = await oneClickPost(reader1.oneClick);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('You are unsubscribed');
    }
    const multipart = new FormData();
    multipart.set('List-Unsubscribe', 'One-Click');
    expect((await fetch(reader1.oneClick, { method: 'POST', body: multipart })).status).toBe(200);
    expect((await readFile(storeFile, 'utf8')).trim().split('\n')).toHaveLength(2);

    // 100 tampered, foreign and malformed tokens: the same neutral page with a 4xx, nothing recorded.
    const bad = badTokens(new URL(deliveredTo(server, READERS[2]!).oneClick).searchParams.get('token')!, READERS[2]!, READERS);
    expect(bad).toHaveLength(100);
    const answers = await Promise.all(bad.map(async (token) => {
      const response = await oneClickPost(`${endpoint.url}/unsubscribe?token=${encodeURIComponent(token)}`);
      return { status: response.status, body: await response.text() };
    }));
    expect(answers.every((a) => a.status >= 400 && a.status < 500)).toBe(true);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers[0]!.body).toContain('This unsubscribe link is not valid');
    expect((await readFile(storeFile, 'utf8')).trim().split('\n')).toHaveLength(2);

    // The pull brings each request into the suppression file once.
    const pull = () => runCli(['unsubscribe', '--pull', `${endpoint.url}/requests`, '--json'], dir, secrets);
    const pulled = await pull();
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ received: 2, added: [READERS[0], READERS[1]], already: 0, invalid: 0 });
    expect(JSON.parse((await pull()).stdout)).toMatchObject({ received: 0, added: [] });
    // A later request arrives by itself in the next pull.
    expect((await oneClickPost(deliveredTo(server, READERS[3]!).oneClick)).status).toBe(200);
    expect(JSON.parse((await pull()).stdout)).toMatchObject({ received: 1, added: [READERS[3]] });
    const suppressed = (await readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).trim().split('\n').slice(1).map((row) => row.split(',')[0]);
    expect(suppressed).toEqual([READERS[0], READERS[1], READERS[3]]);

    // The next issue goes to the others only.
    const before = server.received.length;
    const second = await sendWeek(dir, '2024-W11', server);
    expect(second).toMatchObject({ sent: 3, suppressed: 3 });
    expect(server.received.slice(before).flatMap((m) => m.envelopeTo).sort()).toEqual([READERS[2], READERS[4], READERS[5]]);

    // The log names requests, never a whole token or an address.
    const log = endpoint.output();
    expect(log).toContain('POST /unsubscribe -> 200');
    for (const reader of READERS) expect(log).not.toContain(reader);
    expect(log).not.toContain(new URL(reader1.oneClick).searchParams.get('token'));
  }, 240_000);
});

describe('the endpoint refuses what it should', () => {
  it('answers the shared requests: pages, one-click POSTs, 100 bad tokens, size limits, pulls only with the pull secret', async () => {
    const { dir, endpoint } = await newsletterWithEndpoint();
    await answersLikeTheEndpoint(endpoint.url, [READERS[0]!, READERS[1]!, READERS[2]!]);
    expect((await readFile(path.join(dir, 'unsubscribe-requests.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
    const refused = await runCli(['unsubscribe', '--pull', `${endpoint.url}/requests`], dir, { ...secrets, UNSUBSCRIBE_PULL_SECRET: 'w'.repeat(40) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused UNSUBSCRIBE_PULL_SECRET (401)');
    expect(refused.stderr).not.toContain('w'.repeat(40));
  });

  it('will not start with a short or missing secret, and a pull from an endpoint that is down changes nothing', async () => {
    const dir = await fixture({ 'watch-digest.config.json': '{}' });
    const short = await runCli(['unsubscribe-server', '--listen', '127.0.0.1:0'], dir, { UNSUBSCRIBE_SECRET: 'short', UNSUBSCRIBE_PULL_SECRET: PULL_SECRET });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('UNSUBSCRIBE_SECRET is 5 bytes long; it must be at least 32');
    const noPull = await runCli(['unsubscribe-server', '--listen', '127.0.0.1:0'], dir, { UNSUBSCRIBE_SECRET: LIVE_SECRET });
    expect(noPull.stderr).toContain('UNSUBSCRIBE_PULL_SECRET is not set');
    const badListen = await runCli(['unsubscribe-server', '--listen', 'nowhere'], dir, secrets);
    expect(badListen.code).toBe(2);
    const down = await runCli(['unsubscribe', '--pull', 'http://127.0.0.1:9/requests'], dir, secrets);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach the unsubscribe endpoint at http://127.0.0.1:9/requests');
    const plain = await runCli(['unsubscribe', '--pull', 'http://unsubscribe.diplomacy-watch.net/requests'], dir, secrets);
    expect(plain.stderr).toContain('must be https://');
    await expect(readFile(path.join(dir, 'unsubscribed.csv'), 'utf8')).rejects.toThrow();
  });
});

