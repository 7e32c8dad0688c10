import { describe, expect, it } from 'vitest';
import { docPage } from '../../../src/shared/doc-page.js';
import { loadConfig, parseConfig } from '../../../src/config/load.js';
import { fixture } from '../../helpers/fixture.js';
import { thrown } from '../../helpers/thrown.js';

function problems(data: unknown): string[] {
  const error = thrown(() => parseConfig(data));
  return [error.message, ...error.details];
}

describe('parseConfig', () => {
  it('gives every field a default, so no config is needed', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      name: 'Weekly Digest',
      timeZone: 'UTC',
      weekStartsOn: 'monday',
      publishDay: 'friday',
      headings: { news: 'In other diplomatic news:', stateDept: 'U.S. State Department news:' },
      digestsDir: 'digests',
    });
    expect(config.brand.primaryColor).toMatch(/^#/);
    expect(config.brand.dark.backgroundColor).toMatch(/^#/);
  });

  it('keeps what the user set and fills the rest of a nested object', () => {
    const config = parseConfig({ brand: { primaryColor: '#000' }, headings: { news: 'Elsewhere:' } });
    expect(config.brand.primaryColor).toBe('#000');
    expect(config.brand.accentColor).toBe('#b5442c');
    expect(config.headings).toMatchObject({ news: 'Elsewhere:', related: 'Related reads' });
  });

  it('names each bad field and what it expects', () => {
    const lines = problems({ timeZone: 'Mars/Olympus', brand: { primaryColor: 'blue' }, from: { address: 'nobody' }, weekStartsOn: 'funday' });
    expect(lines[0]).toBe('watch-digest.config.json: invalid config');
    expect(lines).toContain('timeZone: expected an IANA time zone such as "Europe/Berlin" or "UTC"');
    expect(lines).toContain('brand.primaryColor: expected a hex colour such as "#1f3a5f"');
    expect(lines).toContain('from.address: expected an email address');
    expect(lines.some((l) => l.startsWith('weekStartsOn: expected one of sunday, monday'))).toBe(true);
  });

  it('rejects misspelt fields instead of ignoring them, naming the field probably meant', () => {
    expect(problems({ brand: { primaryColour: '#000' } })).toContain('brand.primaryColour: unknown field; did you mean "primaryColor"?');
    expect(problems({ nmae: 'X' })).toEqual(['watch-digest.config.json: invalid config', 'nmae: unknown field; did you mean "name"?']);
    expect(problems({ timezone: 'UTC' })).toContain('timezone: unknown field; did you mean "timeZone"?');
    expect(problems({ unsubscribe: { mailTo: 'u@example.org' } })).toContain('unsubscribe.mailTo: unknown field; did you mean "mailto"?');
    expect(problems({ newsletterTitle: 'X' })).toContain(`newsletterTitle: unknown field; check its spelling against ${docPage('configuration.md')}`);
    expect(problems({ sources: [{ outlet: 'A', feed: 'https://a.example/rss' }] })).toContain('sources.0.feed: unknown field; did you mean "url"?');
  });

  it('suggests the IANA name of a misspelt time zone, and says each problem once', () => {
    expect(problems({ timeZone: 'America/NewYork' })).toContain('timeZone: expected an IANA time zone such as "Europe/Berlin" or "UTC"; did you mean "America/New_York"?');
    const lines = problems({ sources: [{ outlet: 'B', url: 'not a url' }] });
    expect(lines.filter((line) => line === 'sources.0.url: expected an absolute http(s) URL')).toHaveLength(1);
  });

  it('shows the shape expected where an object is needed', () => {
    expect(problems({ from: 'news@example.org' })).toContain('from: expected an object such as {"name": "The Weekly", "address": "news@example.org"}, found the text "news@example.org"');
    expect(problems({ bounce: true })).toContain('bounce: expected an object such as {"address": …, "verp": …}, found true or false (true)');
    expect(problems({ brand: 'blue' })[1]).toMatch(/^brand: expected an object such as \{"primaryColor": …, .*, …\}, found the text "blue"$/);
  });

  it('accepts font stacks of plain and quoted names, with commas and non-ASCII names', () => {
    const stacks = [
      `'Noto Serif Ünïcode', "Fira Sans", Georgia, serif`,
      `-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, sans-serif`,
      `"源ノ明朝", 'Source Han Serif', serif`,
      `Times New Roman`,
    ];
    for (const stack of stacks) expect(parseConfig({ brand: { headingFontFamily: stack, fontFamily: stack } }).brand.headingFontFamily).toBe(stack);
  });

  it.each([
    [`Arial;}</style><script>alert(1)</script>`, '";" cannot be in a font stack'],
    [`'Arial', sans-serif; color: red`, '";" cannot be in a font stack'],
    [`Arial</style>`, '"<" cannot be in a font stack'],
    [`'Unclosed, serif`, 'expected family names, plain or in quotes, separated by commas'],
    [`Arial, url(x)`, '"(" cannot be in a font stack'],
    [`"a\\" b", serif`, '"\\\\" cannot be in a font stack'],
    [`12pt Arial`, 'expected family names'],
  ])('refuses a font stack that could break out of CSS or HTML: %s', (stack, message) => {
    const lines = problems({ brand: { headingFontFamily: stack } });
    expect(lines[0]).toBe('watch-digest.config.json: invalid config');
    expect(lines.find((l) => l.startsWith('brand.headingFontFamily: '))).toContain(message);
  });

  it.each([
    [null, 'null'],
    [[], 'a list'],
    ['defaults', 'string'],
  ])('refuses a config that is not an object (%j) instead of using the defaults', (data, found) => {
    expect(problems(data)[0]).toBe(`watch-digest.config.json: expected a JSON object ({ "name": … }), found ${found}`);
  });

  it('requires {token} in the unsubscribe URL template', () => {
    expect(problems({ unsubscribe: { url: 'https://example.org/u' } })).toContain('unsubscribe.url: expected a URL template containing {token}');
  });
});

describe('loadConfig', () => {
  it('uses defaults when there is no config file', async () => {
    const dir = await fixture({});
    expect((await loadConfig(dir)).file).toBeUndefined();
  });

  it('reports malformed JSON with the file name', async () => {
    const dir = await fixture({ 'watch-digest.config.json': '{ "name": ' });
    await expect(loadConfig(dir)).rejects.toThrow(/^watch-digest.config.json:1:11: not valid JSON/);
  });

  it('names the line and column of a JSON mistake, and the usual cause', async () => {
    const cases: Array<[string, string, string]> = [
      ['{\n  "name": "X",\n  "timeZone": "UTC",\n}\n', '4:1: not valid JSON: a comma before "}" with nothing after it (a trailing comma)', 'Remove the comma after the last field'],
      ['{\n  "name": "X" // ours\n}', '2:15: not valid JSON: a comment', 'JSON has no comments'],
      ["{\n  'name': 'X'\n}", "2:3: not valid JSON: single quotes", 'double quotes'],
      ['{\n  name: "X"\n}', '2:3: not valid JSON: a field name without quotes', 'Put field names in double quotes'],
      ['{\n  "name": "X"\n  "timeZone": "UTC"\n}', '3:3: not valid JSON: a missing comma', 'commas'],
      ['{\n  "sources": [{"outlet": "A", "url": "https://a.example/feed"},]\n}', '2:64: not valid JSON: a comma before "]" with nothing after it (a trailing comma)', 'after the last item'],
      ['{\n  "name": "X",\n', '3:1: not valid JSON: the file ends before the JSON does', 'cut short'],
      ['', '1:1: not valid JSON: the file is empty', 'Write `{}`'],
    ];
    for (const [text, message, hint] of cases) {
      const dir = await fixture({ 'watch-digest.config.json': text });
      const error = await thrown(() => loadConfig(dir));
      expect(error.message, text).toBe(`watch-digest.config.json:${message}`);
      expect(error.hint, text).toContain(hint);
    }
  });

  it('reads a config saved with a byte order mark', async () => {
    const dir = await fixture({ 'watch-digest.config.json': '\uFEFF{ "name": "With BOM" }' });
    expect((await loadConfig(dir)).config.name).toBe('With BOM');
  });

  it('refuses a config file that is null or a list', async () => {
    for (const text of ['null', '[]']) {
      const dir = await fixture({ 'watch-digest.config.json': text });
      await expect(loadConfig(dir)).rejects.toThrow(/^watch-digest.config.json: expected a JSON object/);
    }
  });

  it('fails when an explicit --config file is missing', async () => {
    const dir = await fixture({});
    await expect(loadConfig(dir, 'other.json')).rejects.toThrow('other.json: cannot read the config file (ENOENT)');
  });
});
