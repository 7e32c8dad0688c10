import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { BUNDLED_TEMPLATES } from '../../../src/shared/paths.js';
import { parseConfig } from '../../../src/config/load.js';
import { assembleIssue } from '../../../src/issue/assemble.js';
import { parseItem } from '../../../src/items/parse-item.js';
import { preflight } from '../../../src/check/rules.js';
import { renderIssue } from '../../../src/render/render-issue.js';
import { weekContaining } from '../../../src/shared/week.js';
import { fixture, item, weekOf } from '../../helpers/fixture.js';

const config = parseConfig({
  name: 'Diplomacy Watch',
  kicker: 'Analysis',
  postalAddress: '1 Example Way, Springfield',
  archiveUrl: 'https://example.org/archive',
  social: [{ label: 'Website', url: 'https://example.org/' }],
});
const week = weekContaining('2024-03-06', { weekStartsOn: 1, publishDay: 5 });
const items = Object.entries(weekOf()).map(([file, text]) => parseItem(text, file).item);
const { issue } = assembleIssue(items, week, config);

describe('renderIssue with the bundled templates', () => {
  it('renders every section of the issue into the HTML', async () => {
    const built = await renderIssue(issue, config, { templatesDir: BUNDLED_TEMPLATES });
    const $ = cheerio.load(built.html);
    expect($('title').text()).toBe('Diplomacy Watch: Talks resume');
    const text = $('body').text().replace(/\s+/g, ' ');
    expect(text).toContain('Friday, March 8, 2024');
    expect(text).toContain('Analysis');
    expect($('h1').text()).toBe('Diplomacy Watch: Talks resume');
    expect(text).toContain('Envoys met again after a pause.');
    expect(text).toContain('By A. Writer');
    expect(text).toContain('In other diplomatic news:');
    expect(text).toContain('— First bullet, according to Wire.');
    expect(text).toContain('— A single bullet. (Port Daily)');
    expect(text).toContain('U.S. State Department news:');
    expect(text).toContain('No briefing was held this week.');
    expect($('a[href="https://example.com/more"]').text()).toContain('Further reading');
    expect($('a[href="https://example.com/port"]').text()).toBe('Port Daily');
    // The file reads as a reader gets it: a harmless sample link; `send` fills the placeholder.
    expect($('a[href="https://example.org/unsubscribe?token=sample"]').text()).toBe('Unsubscribe');
    expect(cheerio.load(built.template.html)('a[href="%%UNSUBSCRIBE_URL%%"]').text()).toBe('Unsubscribe');
    expect(built.html).not.toContain('%%');
    expect($('a[href="https://example.org/archive/2024-W10/"]').length).toBeGreaterThan(0);
    expect(text).toContain('1 Example Way, Springfield');
    // The preheader is the hidden first text of the body, hidden without low-contrast text (SpamAssassin's HTML_FONT_LOW_CONTRAST).
    expect($('body [role=article] > div').first().text().trim()).toBe('Envoys met again after a pause.');
    expect($('.wd-preheader').attr('style')).toMatch(/^display:none;/);
    expect(built.html).not.toMatch(/color:#fff(fff)?;line-height:1px/i);
  });

  it('supports dark mode and a 600px column', async () => {
    const { html } = await renderIssue(issue, config, { templatesDir: BUNDLED_TEMPLATES });
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toMatch(/max-width:600px/);
  });

  it('writes a plain-text part with headings, em-dash bullets and numbered references per section', async () => {
    const { text, template } = await renderIssue(issue, config, { templatesDir: BUNDLED_TEMPLATES });
    expect(text.split('\n').every((line) => line.length <= 72 || !line.includes(' '))).toBe(true);
    const [leadSection, newsSection] = text.split(/\n-{72}\n/).slice(1);
    expect(leadSection).toContain('Diplomacy Watch: Talks resume [1]');
    expect(leadSection).toContain('First paragraph with a source [2].');
    expect(leadSection).toMatch(/\[1\] https:\/\/example.com\/lead\n\[2\] https:\/\/example.com\/source/);
    expect(newsSection).toContain('In other diplomatic news:\n=========================\n');
    expect(newsSection).toContain('— First bullet, according to Wire [3].');
    expect(newsSection).toContain('— A single bullet. (Port Daily [4])');
    expect(newsSection).toContain('[4] https://example.com/port');
    expect(text).toContain('Unsubscribe: https://example.org/unsubscribe?token=sample');
    expect(text).not.toContain('%%');
    expect(template.text).toContain('Unsubscribe: %%UNSUBSCRIBE_URL%%');
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('is repeatable: the same inputs give the same bytes', async () => {
    const first = await renderIssue(issue, config, { templatesDir: BUNDLED_TEMPLATES });
    const second = await renderIssue(issue, config, { templatesDir: BUNDLED_TEMPLATES });
    expect(second).toEqual(first);
    expect(first.manifest.html.bytes).toBe(Buffer.byteLength(first.html));
  });

  it('escapes item text in templates', async () => {
    const tricky = assembleIssue(
      [parseItem('---\nkind: lead\ndate: 2024-03-06\ntitle: "<b>Bold</b> & \\"quoted\\""\n---\nBody.', 'lead.md').item],
      week,
      config,
    ).issue;
    const { html } = await renderIssue(tricky, config, { templatesDir: BUNDLED_TEMPLATES });
    const $ = cheerio.load(html);
    expect($('h1').text()).toBe('<b>Bold</b> & "quoted"');
    expect($('h1 b').length).toBe(0);
  });
});

describe('placeholders come from the templates alone', () => {
  it('leaves every %%NAME%% from an item or a page inert, so send fills only the templates’ own', async () => {
    const greeting = parseConfig({ ...config, greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' } });
    const lead = item(
      { kind: 'lead', date: '2024-03-06', title: 'Talks %%GREETING%%', url: 'https://example.com/lead?u=%%UNSUBSCRIBE_URL%%' },
      'Read <a href="https://evil.example/r?u=%%UNSUBSCRIBE_URL%%">the report</a>, https://evil.example/?n=%%GREETING%%%%UNSUBSCRIBE_URL%%%%%.',
    );
    const read = item({ kind: 'related', date: '2024-03-06', title: '%%UNSUBSCRIBE_URL%%', url: 'https://evil.example/?u=%%UNSUBSCRIBE_URL%%', image: 'https://evil.example/p.gif?n=%%GREETING%%' });
    const items = [parseItem(lead, 'lead.md').item, parseItem(read, 'related.md').item];
    const built = await renderIssue(assembleIssue(items, week, greeting).issue, greeting, { templatesDir: BUNDLED_TEMPLATES });
    for (const part of [built.template.html, built.template.text]) {
      expect(part.match(/%%UNSUBSCRIBE_URL%%/g)).toHaveLength(1);
      expect(part.match(/%%GREETING%%/g)).toHaveLength(1);
    }
    expect(built.manifest.placeholders.html).toHaveLength(2);
    expect(built.manifest.placeholders.text).toHaveLength(2);
    const findings = preflight({ manifest: built.manifest, ...built.template, largestPersonalisedHtml: built.html, sampleMessage: '', config: greeting });
    expect(findings.filter((f) => f.rule === 'placeholder')).toEqual([]);
    // The reader sees the text as written (the joiner shows as nothing).
    const $ = cheerio.load(built.html);
    expect($('a:contains("the report")').attr('href')).toBe('https://evil.example/r?u=%\u2060%UNSUBSCRIBE_URL%\u2060%');
    expect($('h1').text().replaceAll('\u2060', '')).toBe('Talks %%GREETING%%');
  });
});

describe('renderIssue with user templates', () => {
  async function templatesWith(file: string, edit: (text: string) => string): Promise<string> {
    const dir = await fixture({});
    await cp(BUNDLED_TEMPLATES, path.join(dir, 'templates'), { recursive: true });
    const target = path.join(dir, 'templates', file);
    await writeFile(target, edit(await readFile(target, 'utf8')));
    return path.join(dir, 'templates');
  }

  it('reports MJML that fails strict validation, with the tag and line', async () => {
    const dir = await templatesWith('partials/state-dept.mjml', (t) => t.replace('<mj-text mj-class="heading"', '<mj-text bogus-attribute="1" mj-class="heading"'));
    await expect(renderIssue(issue, config, { templatesDir: dir, shownTemplatesDir: 'templates' })).rejects.toMatchObject({
      message: 'templates: the templates produce invalid MJML',
      details: [expect.stringMatching(/^issue.mjml line \d+, <mj-text>: Attribute bogus-attribute is illegal/)],
    });
  });

  it('reports a missing partial and an unknown variable', async () => {
    const missing = await templatesWith('issue.mjml', (t) => t.replace("'partials/footer'", "'partials/nope'"));
    await expect(renderIssue(issue, config, { templatesDir: missing, shownTemplatesDir: 'templates' })).rejects.toThrow(/^templates: template error: .*partials\/nope/);
    const typo = await templatesWith('partials/lead.mjml', (t) => t.replace('issue.lead.title }}', 'issue.lead.titel }}'));
    await expect(renderIssue(issue, config, { templatesDir: typo, shownTemplatesDir: 'templates' })).rejects.toThrow(/titel/);
  });

  it('explains a template that HTML-escapes a value inside CSS (templates from before `| css`), instead of crashing', async () => {
    const old = await templatesWith('partials/head.mjml', (t) => t.replaceAll(' | css }}', ' }}'));
    await expect(renderIssue(issue, config, { templatesDir: old, shownTemplatesDir: 'templates' })).rejects.toMatchObject({
      message: expect.stringMatching(/^templates: an HTML-escaped value inside CSS: ".*font-family: &#39;Helvetica Neue&#39;/),
      hint: expect.stringContaining('{{ brand.headingFontFamily | css }}'),
    });
  });

  it('lets `| css` write only font stacks, colours and lengths', async () => {
    const dir = await templatesWith('partials/head.mjml', (t) => t.replace('</mj-style>', '  .x { content: {{ issue.lead.html | css }}; }\n</mj-style>'));
    await expect(renderIssue(issue, config, { templatesDir: dir, shownTemplatesDir: 'templates' })).rejects.toThrow(
      /^templates: template error: the css filter takes a font stack, a hex colour or a length, not "<p>First paragraph.*file:templates\/partials\/head.mjml, line:\d+/,
    );
  });
});
