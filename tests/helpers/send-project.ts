import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { LIVE_DOMAIN, LIVE_SECRET } from './live-project.js';
import { cli } from './cli.js';
import { fixture, weekOf } from './fixture.js';

/** Shared by the send tests: a secret, the week, a subscriber list, and a composed project. */
export const SECRET = LIVE_SECRET;
export const WEEK = '2024-W10';

export function subscribersCsv(count: number, extraRows: string[] = []): string {
  const rows = Array.from({ length: count }, (_, i) => `reader${i}@example.com,Reader ${i}`);
  return ['email,name', ...rows, ...extraRows].join('\n') + '\n';
}

/** Composed projects of this test file, by the files compose reads: composed once, copied for each test. */
const composedOnce = new Map<string, Promise<string>>();

/**
 * A project with the week of weekOf() composed, three subscribers unless `files` says otherwise.
 * Each call gets its own copy; the compose behind it runs once per set of items and config
 * (the .csv lists are send's, never compose's), which spares a compose for most send tests.
 */
export async function composedProject(files: Record<string, string> = {}): Promise<string> {
  const lists = Object.fromEntries(Object.entries(files).filter(([name]) => name.endsWith('.csv')));
  const composeInputs = Object.fromEntries(Object.entries(files).filter(([name]) => !name.endsWith('.csv')));
  const key = JSON.stringify(composeInputs);
  let composed = composedOnce.get(key);
  if (!composed) {
    composed = composeOnce(composeInputs);
    composedOnce.set(key, composed);
  }
  const dir = await fixture({});
  await cp(await composed, dir, { recursive: true });
  for (const [name, content] of Object.entries({ 'subscribers.csv': subscribersCsv(3), ...lists })) await writeFile(path.join(dir, name), content);
  return dir;
}

async function composeOnce(files: Record<string, string>): Promise<string> {
  const dir = await fixture(
    {
      ...weekOf('2024-03-06', `www.${LIVE_DOMAIN}`),
      'watch-digest.config.json': JSON.stringify({
        name: 'Diplomacy Watch',
        from: { name: 'Diplomacy Watch', address: `news@${LIVE_DOMAIN}` },
        postalAddress: '1 Example Way',
        greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' },
        unsubscribe: { url: `https://${LIVE_DOMAIN}/u?t={token}`, mailto: `unsubscribe@${LIVE_DOMAIN}` },
      }),
      ...files,
    },
    { keep: 'file' },
  );
  const composed = await cli(['compose', '--week', WEEK], dir);
  expect(composed.code, composed.stderr).toBe(0);
  return dir;
}

export const smtpEnv = (url: string, extra: NodeJS.ProcessEnv = {}) => ({ SMTP_URL: url, UNSUBSCRIBE_SECRET: SECRET, ...extra });
