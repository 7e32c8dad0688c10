import { expect } from 'vitest';
import { fixture, runCli, weekOf } from './fixture.js';

/** Shared by the send tests: a secret, the week, a subscriber list, and a composed project. */
export const SECRET = 'test-secret-0123456789';
export const WEEK = '2024-W10';

export function subscribersCsv(count: number, extraRows: string[] = []): string {
  const rows = Array.from({ length: count }, (_, i) => `reader${i}@example.com,Reader ${i}`);
  return ['email,name', ...rows, ...extraRows].join('\n') + '\n';
}

/** A project with the week of weekOf() composed, three subscribers unless `files` says otherwise. */
export async function composedProject(files: Record<string, string> = {}): Promise<string> {
  const dir = await fixture({
    ...weekOf(),
    'watch-digest.config.json': JSON.stringify({
      name: 'Diplomacy Watch',
      from: { name: 'Diplomacy Watch', address: 'news@example.org' },
      postalAddress: '1 Example Way',
      greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' },
      unsubscribe: { url: 'https://example.org/u?t={token}', mailto: 'unsubscribe@example.org' },
    }),
    'subscribers.csv': subscribersCsv(3),
    ...files,
  });
  const composed = await runCli(['compose', '--week', WEEK], dir);
  expect(composed.code).toBe(0);
  return dir;
}

export const smtpEnv = (url: string, extra: NodeJS.ProcessEnv = {}) => ({ SMTP_URL: url, UNSUBSCRIBE_SECRET: SECRET, ...extra });
