import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, localPage } from '../helpers/browser.js';
import { PROJECT_ROOT, fixture, item, runCli, weekOf } from '../helpers/fixture.js';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-output', 'screenshots');
let browser: Browser;
let issueUrl: string;

beforeAll(async () => {
  browser = await launchChromium();
  const dir = await fixture({
    ...weekOf(),
    'digests/related-image.md': item({
      kind: 'related',
      date: '2024-03-06',
      title: 'A read with a picture and a very long unbreakable link https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      dek: 'Cards stack on phones.',
      url: 'https://example.com/picture',
      image: 'https://example.com/picture.jpg',
      alt: 'A harbour at dawn',
    }),
    'watch-digest.config.json': JSON.stringify({ brand: { logo: { url: 'https://example.com/logo.png', alt: 'Logo' } } }),
  }, { keep: 'file' });
  const run = await runCli(['compose', '--week', '2024-W10'], dir);
  expect(run.code).toBe(0);
  issueUrl = pathToFileURL(path.join(dir, 'digests', '2024-W10', 'issue.html')).href;
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('issue.html in Chromium', () => {
  it.each([
    ['phone', 375],
    ['desktop', 600],
    ['wide desktop', 1024],
  ])('has no horizontal overflow on a %s (%i px)', async (name, width) => {
    const page = await localPage(browser, { viewport: { width, height: 800 } });
    await page.goto(issueUrl);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    await expect(page.locator('h1').textContent()).resolves.toBe('Diplomacy Watch: Talks resume');
    await page.screenshot({ path: path.join(SCREENSHOTS, `issue-${width}.png`), fullPage: true });
    await page.close();
  });

  it('gives every image alt text', async () => {
    const page = await localPage(browser);
    await page.goto(issueUrl);
    const alts = await page.$$eval('img', (imgs) => imgs.map((img) => img.getAttribute('alt') ?? ''));
    expect(alts.length).toBeGreaterThanOrEqual(2);
    expect(alts.every((alt) => alt.trim().length > 0)).toBe(true);
    await page.close();
  });

  it('switches to dark colours when the reader prefers a dark scheme', async () => {
    const colours = async (colorScheme: 'light' | 'dark') => {
      const page = await localPage(browser, { colorScheme, viewport: { width: 600, height: 800 } });
      await page.goto(issueUrl);
      const result = await page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.querySelector('.wd-text div')!).color,
      }));
      if (colorScheme === 'dark') await page.screenshot({ path: path.join(SCREENSHOTS, 'issue-600-dark.png') });
      await page.close();
      return result;
    };
    const luminance = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
    const light = await colours('light');
    const dark = await colours('dark');
    expect(luminance(light.body)).toBeGreaterThan(200);
    expect(luminance(dark.body)).toBeLessThan(50);
    expect(luminance(dark.text)).toBeGreaterThan(luminance(light.text));
  });
});
