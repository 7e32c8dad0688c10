import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, localPage } from '../helpers/browser.js';
import { PROJECT_ROOT, fixture, runCli } from '../helpers/fixture.js';
import { FULL_ISSUE, FULL_ISSUE_CONFIG, FULL_WEEK } from '../fixtures/full-issue.js';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-output', 'screenshots');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function composed(config: object = FULL_ISSUE_CONFIG): Promise<{ dir: string; stderr: string }> {
  const dir = await fixture({ ...FULL_ISSUE, 'watch-digest.config.json': JSON.stringify(config) });
  const run = await runCli(['compose', '--week', FULL_WEEK], dir);
  expect(run.code).toBe(0);
  return { dir, stderr: run.stderr };
}

/** What a person sees: the rendered text of issue.html opened from disk (CSS applied, hidden parts left out). */
async function visibleText(dir: string, screenshot?: string): Promise<string> {
  const page = await localPage(browser, { viewport: { width: 680, height: 900 } });
  await page.goto(pathToFileURL(path.join(dir, 'digests', FULL_WEEK, 'issue.html')).href);
  const text = await page.locator('body').innerText();
  if (screenshot) await page.screenshot({ path: path.join(SCREENSHOTS, screenshot), fullPage: true });
  await page.close();
  return text.replace(/[ \t]+/g, ' ');
}

describe('an issue in the shape of the real one, opened in Chromium', () => {
  it('shows every part, casing and punctuation as typed, and no placeholder', async () => {
    const { dir, stderr } = await composed();
    expect(stderr).toBe('');
    const text = await visibleText(dir, 'full-issue.png');
    const parts = [
      'Dear reader,',
      'Analysis | NightDesk',
      'Diplomacy Watch: The ‘long table’ is back — but who gets a chair?',
      'Envoys are talking about talks again, and the seating chart is already the hardest part.',
      'Three capitals want in; two of them say they will walk out if the third is invited.',
      'By Maren Oduya',
      'The hall where the last round ended in March. EXAMPLE PHOTO/Jo Lindqvist',
      'Who sits where',
      'An agenda is a peace plan that nobody has agreed to call one.',
      'In other diplomatic news related to the war:',
      '— Two neighbouring parliaments passed matching resolutions on grain transit, the Example Ledger reported.',
      '— Finance ministers "agreed to keep disagreeing" about frozen assets, one of them told Example Radio.',
      '— The EU\'s envoy visited Chișinău & Yerevan in one day, according to the Council\'s readout.',
      'U.S. State Department news:',
      'Related reads',
      'The quiet channel that outlived three ceasefires',
      'It never produced a headline. It may have prevented several.',
      'EXAMPLE WIRE/Ana Petrova',
      'Middle East',
      'Our correspondent spent a month asking why.',
      'The river at its lowest in decades. SAMPLE AGENCY/Omar Haddad',
      'Explainer',
      'How a sanctions "snapback" actually works',
      'We walk through the three steps, and the one nobody wants to take first.',
      'EXAMPLE PHOTO/Lee Park',
      'Follow us on social',
      'Unsubscribe',
    ];
    for (const part of parts) expect(text).toContain(part);
    expect(text.match(/Keep reading/g)).toHaveLength(3);
    expect(text.match(/^— /gm)).toHaveLength(4);
    expect(text).not.toContain('Read the original');
    expect(text).not.toContain('ANALYSIS');
    expect(text).not.toMatch(/%%[A-Z_]+%%/);

    const page = await localPage(browser);
    await page.goto(pathToFileURL(path.join(dir, 'digests', FULL_WEEK, 'issue.html')).href);
    await expect(page.locator('a', { hasText: 'Unsubscribe' }).getAttribute('href')).resolves.toBe('https://example.org/unsubscribe?token=sample');
    expect(await page.content()).not.toContain('%%');
    await page.close();

    const plain = await readFile(path.join(dir, 'digests', FULL_WEEK, 'issue.txt'), 'utf8');
    for (const part of ['Dear reader,', 'Analysis | NightDesk', 'Middle East', 'SAMPLE AGENCY/Omar Haddad', 'Follow us on social']) expect(plain).toContain(part);
    expect(plain.match(/^Keep reading \[\d+\]$/gm)).toHaveLength(3);
    expect(plain).not.toContain('%%');
  });

  it('shows kickers in capitals when the brand asks for it, and only in the HTML', async () => {
    const { dir } = await composed({ ...FULL_ISSUE_CONFIG, brand: { ...FULL_ISSUE_CONFIG.brand, uppercaseKickers: true } });
    const text = await visibleText(dir);
    expect(text).toContain('ANALYSIS | NIGHTDESK');
    expect(text).toContain('MIDDLE EAST');
    // The headline and body keep their casing.
    expect(text).toContain('Diplomacy Watch: The ‘long table’ is back — but who gets a chair?');
    const plain = await readFile(path.join(dir, 'digests', FULL_WEEK, 'issue.txt'), 'utf8');
    expect(plain).toContain('Analysis | NightDesk');
    expect(plain).not.toContain('NIGHTDESK');
  });
});
