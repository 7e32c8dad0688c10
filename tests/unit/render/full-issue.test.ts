import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { assembleIssue } from '../../../src/issue/assemble.js';
import { parseItem } from '../../../src/items/parse-item.js';
import { BUNDLED_TEMPLATES } from '../../../src/shared/paths.js';
import { renderIssue } from '../../../src/render/render-issue.js';
import { weekContaining } from '../../../src/shared/week.js';
import { FULL_ISSUE, FULL_ISSUE_CONFIG } from '../../fixtures/full-issue.js';

const week = weekContaining('2024-05-22', { weekStartsOn: 1, publishDay: 5 });
const parsed = Object.entries(FULL_ISSUE)
  .filter(([file]) => file.endsWith('.md'))
  .map(([file, text]) => parseItem(text, file));

async function build(configOverrides: object = {}) {
  const config = parseConfig({ ...FULL_ISSUE_CONFIG, ...configOverrides });
  const { issue, warnings } = assembleIssue(
    parsed.map((p) => p.item),
    week,
    config,
  );
  const built = await renderIssue(issue, config, { templatesDir: BUNDLED_TEMPLATES });
  return { built, warnings, $: cheerio.load(built.html) };
}

const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('the shape of a real issue, in the documented item format', () => {
  it('parses every item without a warning', () => {
    expect(parsed.flatMap((p) => p.warnings)).toEqual([]);
  });

  it('shows every part in the HTML, casing and punctuation as typed', async () => {
    const { built, warnings, $ } = await build();
    expect(warnings).toEqual([]);
    const body = squash($('body').text());
    // Lead: its kicker, headline, two dek paragraphs, byline, image caption and credit, subheadings, pull quote.
    expect($('.wd-kicker').first().text().trim()).toBe('Analysis | NightDesk');
    expect(built.html).not.toMatch(/text-transform:\s*uppercase/);
    expect($('h1').text()).toBe('Diplomacy Watch: The ‘long table’ is back — but who gets a chair?');
    expect($('.wd-dek p').map((_, p) => $(p).text()).get()).toEqual([
      'Envoys are talking about talks again, and the seating chart is already the hardest part.',
      'Three capitals want in; two of them say they will walk out if the third is invited.',
    ]);
    expect(body).toContain('The hall where the last round ended in March. EXAMPLE PHOTO/Jo Lindqvist');
    expect($('h3').map((_, h) => $(h).text()).get()).toEqual(['Who sits where', 'What to watch']);
    expect($('blockquote').text().trim()).toBe('An agenda is a peace plan that nobody has agreed to call one.');
    expect(body).toContain('"no observers who are parties in all but name."');
    expect(body).toContain("it's pencilled in for early June.");
    // The lead is our own article: no "Read the original".
    expect(body).not.toContain('Read the original');
    // Four bullets under the week's own heading, and the State Department note.
    expect(body).toContain('In other diplomatic news related to the war:');
    expect(body.match(/— /g)!.length).toBeGreaterThanOrEqual(4);
    expect(body).toContain('— A Gulf mediator said 11 more children had been reunited with their families — its third such announcement since April, per Sample Wire.');
    expect(body).toContain('Chișinău & Yerevan');
    expect(body).toContain('U.S. State Department news:');
    expect(body).toContain('the U.S. "supports any format the parties themselves accept,"');
    // Three teaser cards: kicker, title, two paragraphs, image with credit, "Keep reading".
    expect($('.wd-kicker').map((_, k) => $(k).text().trim()).get()).toEqual(['Analysis | NightDesk', 'Analysis | NightDesk', 'Middle East', 'Explainer']);
    expect($('.wd-teaser p').map((_, p) => $(p).text()).get()).toEqual([
      'When the public talks stopped, a back channel between two defence ministries kept meeting every other Thursday.',
      'It never produced a headline. It may have prevented several.',
      'Every draft agreement in the region has a clause on water, and every one of them leaves the numbers blank.',
      'Our correspondent spent a month asking why.',
    ]);
    expect(body).toContain('A snapback sounds automatic. It isn\'t: someone has to pull the trigger, and everyone else gets a vote on the timing.');
    expect($('p').filter((_, p) => $(p).text().startsWith('We walk through the three steps')).length).toBe(1);
    expect($('.wd-credit').map((_, c) => $(c).text()).get()).toEqual(['EXAMPLE PHOTO/Jo Lindqvist', 'EXAMPLE WIRE/Ana Petrova', 'SAMPLE AGENCY/Omar Haddad', 'EXAMPLE PHOTO/Lee Park']);
    for (const url of ['quiet-channel', 'water-rights', 'snapback']) {
      expect($(`a[href="https://example.org/watch/${url}"]`).filter((_, a) => $(a).text() === 'Keep reading').length).toBe(1);
    }
    expect($('img[src="https://example.org/img/river.jpg"]').attr('alt')).toBe('A dry riverbed under a bridge');
    // The footer's social row with its label, the greeting, and no placeholders.
    expect(body).toContain('Follow us on social Mastodon · Website');
    expect(body).toContain('Dear reader,');
    expect(built.html).not.toContain('%%');
  });

  it('writes every part into the text part too, as typed', async () => {
    const { built } = await build();
    const text = built.text;
    const expected = [
      'Dear reader,',
      'Analysis | NightDesk',
      'Diplomacy Watch: The ‘long table’ is back — but who gets a chair?',
      'Envoys are talking about talks again, and the seating chart is already\nthe hardest part.\n\nThree capitals want in;',
      'The hall where the last round ended in March. (EXAMPLE PHOTO/Jo\nLindqvist)',
      'Who sits where',
      '> An agenda is a peace plan that nobody has agreed to call one.',
      'In other diplomatic news related to the war:\n============================================',
      'U.S. State Department news:\n===========================',
      'Analysis | NightDesk\nThe quiet channel that outlived three ceasefires [',
      'It never produced a headline. It may have prevented several.',
      'EXAMPLE WIRE/Ana Petrova',
      'Middle East\nWater rights are the negotiation nobody schedules [',
      'Our correspondent spent a month asking why.',
      'SAMPLE AGENCY/Omar Haddad',
      'Explainer\nHow a sanctions "snapback" actually works [',
      'A snapback sounds automatic. It isn\'t: someone has to pull the trigger,\nand everyone else gets a vote on the timing.\n\nWe walk through the three steps',
      'Follow us on social\nMastodon: https://example.social/@watch',
      'Unsubscribe: https://example.org/unsubscribe?token=sample',
    ];
    for (const part of expected) expect(text).toContain(part);
    expect(text.match(/^Keep reading \[\d+\]$/gm)).toHaveLength(3);
    expect(text).not.toContain('Read the original');
    expect(text).not.toContain('%%');
    expect(text).not.toMatch(/ANALYSIS|IN OTHER DIPLOMATIC/);
  });

  it('upper-cases kickers only as a brand setting, in the HTML, keeping the text part as typed', async () => {
    const { built, $ } = await build({ brand: { ...FULL_ISSUE_CONFIG.brand, uppercaseKickers: true } });
    expect($('.wd-kicker div').first().attr('style')).toMatch(/text-transform:uppercase/);
    expect($('.wd-kicker').first().text().trim()).toBe('Analysis | NightDesk');
    expect(built.text).toContain('Analysis | NightDesk');
  });

  it('hides the related-reads heading and the keep-reading link, relabels them, and shows "Read the original" when the lead allows it', async () => {
    const hidden = await build({ headings: { related: null }, labels: { keepReading: null } });
    expect(squash(hidden.$('body').text())).not.toContain('Related reads');
    expect(hidden.built.text).not.toContain('Related reads');
    expect(hidden.built.html).not.toContain('Keep reading');
    expect(hidden.built.text).not.toContain('Keep reading');
    const shown = await build({ labels: { keepReading: 'Read more →' } });
    expect(squash(shown.$('body').text())).toContain('Related reads');
    expect(shown.$('a').filter((_, a) => shown.$(a).text() === 'Read more →')).toHaveLength(3);

    const config = parseConfig(FULL_ISSUE_CONFIG);
    const items = parsed.map((p) => (p.item.kind === 'lead' ? { ...p.item, readOriginal: true } : p.item));
    const built = await renderIssue(assembleIssue(items, week, config).issue, config, { templatesDir: BUNDLED_TEMPLATES });
    expect(cheerio.load(built.html)('a[href="https://example.org/watch/long-table"]').last().text()).toBe('Read the original →');
    expect(built.text).toMatch(/^Read the original → \[1\]$/m);
  });
});
