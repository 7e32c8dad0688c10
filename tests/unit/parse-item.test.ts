import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseItem } from '../../src/items/parse-item.js';

const file = 'digests/x.md';

describe('parseItem', () => {
  it('reads front matter and body', () => {
    const { item, warnings } = parseItem('---\nkind: news\ndate: 2023-12-27\nsource: Reuters\n---\n\nA bullet.\n', file);
    expect(item).toEqual({ kind: 'news', date: '2023-12-27', source: 'Reuters', file, body: 'A bullet.' });
    expect(warnings).toEqual([]);
  });

  it('keeps dates as calendar days and rejects impossible ones', () => {
    expect(() => parseItem('---\nkind: news\ndate: 2023-02-30\n---\nx', file)).toThrow('digests/x.md: date: "2023-02-30" is not a valid date');
    expect(() => parseItem('---\nkind: news\ndate: 27/12/2023\n---\nx', file)).toThrow(/is not a valid date/);
    expect(() => parseItem('---\nkind: news\ndate: 0023-12-27\n---\nx', file)).toThrow('digests/x.md: date: "0023-12-27" is not a valid date');
  });

  it('takes the day of a date-time as written', () => {
    expect(parseItem('---\nkind: news\ndate: 2023-12-27T23:30:00-05:00\n---\nx', file).item.date).toBe('2023-12-27');
    expect(() => parseItem('---\nkind: news\ndate: 2023-12-27T99:99\n---\nx', file)).toThrow(/is not a valid date/);
  });

  it('accepts a kind written in capitals', () => {
    expect(parseItem('---\nkind: News\ndate: 2023-12-27\n---\nx', file).item.kind).toBe('news');
  });

  it('names the file and field for an unknown kind', () => {
    expect(() => parseItem('---\nkind: opinion\ndate: 2023-12-27\n---\nx', file)).toThrow(
      'digests/x.md: kind: expected one of lead, news, state-dept, related',
    );
  });

  it('requires a date', () => {
    expect(() => parseItem('---\nkind: news\n---\nx', file)).toThrow('digests/x.md: date: required');
  });

  it('requires a title for a lead and a title and url for a related read', () => {
    expect(() => parseItem('---\nkind: lead\ndate: 2023-12-27\n---\nBody', file)).toThrow('digests/x.md: title: required for a lead item');
    expect(() => parseItem('---\nkind: related\ndate: 2023-12-27\n---\n', file)).toThrow('digests/x.md: title, url: required for a related item');
  });

  it('rejects a body-less news item and a relative or javascript: url', () => {
    expect(() => parseItem('---\nkind: news\ndate: 2023-12-27\n---\n', file)).toThrow('digests/x.md: the news item has no body');
    expect(() => parseItem('---\nkind: news\ndate: 2023-12-27\nurl: /a/b\n---\nx', file)).toThrow('digests/x.md: url: expected an absolute http(s) URL');
    expect(() => parseItem('---\nkind: news\ndate: 2023-12-27\nurl: "javascript:alert(1)"\n---\nx', file)).toThrow(/url: expected an absolute http\(s\) URL/);
  });

  it('explains malformed YAML and a missing front matter block', () => {
    let error: UserError | undefined;
    try {
      parseItem('---\nkind: news\ndate: 2023-12-27\ntitle: a: b: c\n---\nx', file);
    } catch (e) {
      error = e as UserError;
    }
    expect(error?.message).toMatch(/^digests\/x.md: front matter is not valid YAML: .* \(line 4\)$/);
    expect(() => parseItem('Just text, no front matter.', file)).toThrow('digests/x.md: no front matter');
  });

  it('warns about fields it does not know, such as typos', () => {
    const { warnings } = parseItem('---\nkind: news\ndate: 2023-12-27\nautor: Someone\n---\nx', file);
    expect(warnings).toEqual(['digests/x.md: unknown front matter field "autor" is ignored']);
  });

  it.each(['js', 'javascript', 'JS', ' js ', 'coffee', 'json', 'toml'])('refuses "---%s" front matter without running it', (language) => {
    const ran = globalThis as { watchDigestRan?: boolean };
    delete ran.watchDigestRan;
    const source = `---${language}\n{ kind: (globalThis.watchDigestRan = true, 'news'), date: '2023-12-27' }\n---\nA bullet.\n`;
    expect(() => parseItem(source, file)).toThrow(`digests/x.md: front matter must be YAML, but its first line "---${language.trim()}" asks for "${language.trim()}"`);
    expect(ran.watchDigestRan).toBeUndefined();
  });

  it('accepts front matter marked ---yaml or ---yml, and a byte order mark', () => {
    expect(parseItem('---yaml\nkind: news\ndate: 2023-12-27\n---\nx', file).item.kind).toBe('news');
    expect(parseItem('---yml\nkind: news\ndate: 2023-12-27\n---\nx', file).item.kind).toBe('news');
    expect(parseItem('\uFEFF---\nkind: news\ndate: 2023-12-27\n---\nx', file).item.kind).toBe('news');
  });
});
