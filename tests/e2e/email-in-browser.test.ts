import { mkdir, readFile } from 'node:fs/promises';
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

describe('a lead with subheadings, quotes, nested lists, a table and an image', () => {
  const HEADING_FONT = `'Noto Serif Ünïcode', "Fira Sans", Georgia, serif`;
  const BODY_FONT = `"Source Sans 3", -apple-system, 'Segoe UI', sans-serif`;
  const families = (css: string) => css.split(',').map((name) => name.trim().replace(/^['"]|['"]$/g, ''));
  let dir: string;

  beforeAll(async () => {
    dir = await fixture(
      {
        ...weekOf(),
        'digests/lead.md': item(
          { kind: 'lead', date: '2024-03-06', title: 'Talks resume', dek: 'Envoys met again.', url: 'https://example.com/lead' },
          [
            'Opening paragraph.',
            '### What was agreed',
            'A paragraph under the subheading.',
            '#### The fine print',
            '> A guarantee nobody can test is a promise.',
            '- Aid\n  - first tranche\n  - second tranche\n- Grain',
            '| Country | Pledge (m) | Status |\n| :-- | --: | :-: |\n| Norway | 12 | pledged |\n| Chile | 3 | late |',
            '![A harbour at dawn](https://example.com/harbour.jpg)',
          ].join('\n\n'),
        ),
        'watch-digest.config.json': JSON.stringify({ brand: { headingFontFamily: HEADING_FONT, fontFamily: BODY_FONT } }),
      },
      { keep: 'file' },
    );
    const run = await runCli(['compose', '--week', '2024-W10'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('renders every element in Chromium, subheadings in the configured heading font', async () => {
    const page = await localPage(browser, { viewport: { width: 375, height: 800 } });
    await page.goto(pathToFileURL(path.join(dir, 'digests', '2024-W10', 'issue.html')).href);
    const seen = await page.evaluate(() => {
      const font = (selector: string) => getComputedStyle(document.querySelector(selector)!).fontFamily;
      // The item's table, not one of the layout's.
      const table = document.querySelector('th')!.closest('table')!;
      return {
        h3: document.querySelector('h3')?.textContent,
        h4: document.querySelector('h4')?.textContent,
        h3Font: font('h3'),
        h4Font: font('h4'),
        thFont: font('th'),
        paragraphFont: font('.wd-text p'),
        quote: document.querySelector('blockquote')?.textContent?.trim(),
        nested: [...document.querySelectorAll('li li')].map((li) => li.textContent),
        cells: [...table.querySelectorAll(':scope > tbody > tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
        aligned: getComputedStyle(table.querySelectorAll(':scope > tbody td')[1]!).textAlign,
        image: document.querySelector('img[src="https://example.com/harbour.jpg"]')?.getAttribute('alt'),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      };
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'issue-rich-lead-375.png'), fullPage: true });
    await page.close();
    expect(seen).toMatchObject({ h3: 'What was agreed', h4: 'The fine print', quote: 'A guarantee nobody can test is a promise.', image: 'A harbour at dawn' });
    expect(seen.aligned).toMatch(/right$/);
    expect(families(seen.h3Font)).toEqual(families(HEADING_FONT));
    expect(families(seen.h4Font)).toEqual(families(HEADING_FONT));
    expect(families(seen.thFont)).toEqual(families(HEADING_FONT));
    expect(families(seen.paragraphFont)).toEqual(families(BODY_FONT));
    expect(seen.nested).toEqual(['first tranche', 'second tranche']);
    expect(seen.cells).toEqual([['Norway', '12', 'pledged'], ['Chile', '3', 'late']]);
    expect(seen.overflow).toBeLessThanOrEqual(0);
  });

  it('shows the subheadings, the quote, the nested list and the table in the text part', async () => {
    const text = await readFile(path.join(dir, 'digests', '2024-W10', 'issue.txt'), 'utf8');
    expect(text).toContain('\nWhat was agreed\n');
    expect(text).toContain('\nThe fine print\n');
    expect(text).toContain('> A guarantee nobody can test is a promise.');
    expect(text).toMatch(/ \* Aid\n {3}\* first tranche\n {3}\* second tranche\n \* Grain/);
    expect(text).toMatch(/Country +Pledge \(m\) +Status\nNorway +12 +pledged\nChile +3 +late/);
  });
});
