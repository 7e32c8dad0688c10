import { describe, expect, it } from 'vitest';
import { thrown } from '../../helpers/thrown.js';
import { parseItem } from '../../../src/items/parse-item.js';

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

  it('refuses control characters (other than tab and newline) in front matter text, naming the field', () => {
    expect(() => parseItem('---\nkind: lead\ndate: 2024-03-06\ntitle: "Talks \\e]8;;https://evil.example/\\aresume"\n---\nx', file)).toThrow(
      'digests/x.md: title: contains the control character U+001B, which cannot be shown; delete it',
    );
    expect(() => parseItem('---\nkind: lead\ndate: 2024-03-06\ntitle: T\ndek: "A \\x9b31m dek"\n---\nx', file)).toThrow('digests/x.md: dek: contains the control character U+009B');
    expect(() => parseItem('---\nkind: news\ndate: 2024-03-06\nurl: "https://example.org/\\x07"\n---\nx', file)).toThrow('digests/x.md: url: contains the control character U+0007');
    expect(parseItem('---\nkind: lead\ndate: 2024-03-06\ntitle: T\ndek: "Tab\\there,\\nnew line"\n---\nx', file).item.dek).toBe('Tab\there,\nnew line');
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

  it('names the misspelt field behind a missing one, whose own warning never shows once the item fails', () => {
    const error = thrown(() => parseItem('---\nkind: related\ndate: 2023-12-27\ntitel: Envoys meet\nlink: https://diplomacy-watch.net/a\n---\n', file));
    expect(error.message).toBe('digests/x.md: title, url: required for a related item');
    expect(error.hint).toBe('Rename `titel` to `title` and `link` to `url`.');
    expect(thrown(() => parseItem('---\nkind: lead\ndate: 2023-12-27\n---\nBody', file)).hint).toBe('Add the missing field to the front matter.');
  });

  it('rejects a body-less news item and a relative or javascript: url', () => {
    expect(() => parseItem('---\nkind: news\ndate: 2023-12-27\n---\n', file)).toThrow('digests/x.md: the news item has no body');
    expect(() => parseItem('---\nkind: news\ndate: 2023-12-27\nurl: /a/b\n---\nx', file)).toThrow('digests/x.md: url: expected an absolute http(s) URL');
    expect(() => parseItem('---\nkind: news\ndate: 2023-12-27\nurl: "javascript:alert(1)"\n---\nx', file)).toThrow(/url: expected an absolute http\(s\) URL/);
  });

  it('explains malformed YAML and a missing front matter block', () => {
    const error = thrown(() => parseItem('---\nkind: news\ndate: 2023-12-27\ntitle: a: b: c\n---\nx', file));
    expect(error.message).toMatch(/^digests\/x.md: front matter is not valid YAML: .* \(line 4\)$/);
    expect(() => parseItem('Just text, no front matter.', file)).toThrow('digests/x.md: no front matter');
  });

  it('warns about fields it does not know, naming the field probably meant', () => {
    const warn = (field: string) => parseItem(`---\nkind: lead\ndate: 2023-12-27\ntitle: T\n${field}: x\n---\nx`, file).warnings;
    expect(parseItem('---\nkind: news\ndate: 2023-12-27\nheaading: In brief\n---\nx', file).warnings).toEqual([
      'digests/x.md: unknown front matter field "heaading" is ignored; did you mean `heading`?',
    ]);
    expect(warn('autor')).toEqual(['digests/x.md: unknown front matter field "autor" is ignored; did you mean `author`?']);
    expect(warn('titel')).toEqual(['digests/x.md: unknown front matter field "titel" is ignored; did you mean `title`?']);
    expect(warn('Kicker')).toEqual(['digests/x.md: unknown front matter field "Kicker" is ignored; did you mean `kicker`?']);
    expect(warn('description')).toEqual(['digests/x.md: unknown front matter field "description" is ignored; did you mean `dek`?']);
    expect(warn('readoriginal')).toEqual(['digests/x.md: unknown front matter field "readoriginal" is ignored; did you mean `readOriginal`?']);
    expect(warn('notes')).toEqual(['digests/x.md: unknown front matter field "notes" is ignored']);
  });

  it('warns about fields this kind of item never shows', () => {
    const { warnings } = parseItem('---\nkind: news\ndate: 2023-12-27\nauthor: A. Writer\nkicker: Briefly\nsubject: S\n---\nx', file);
    expect(warnings).toEqual([
      'digests/x.md: `author` is not shown on a news item (only on lead); it is ignored',
      'digests/x.md: `kicker` is not shown on a news item (only on lead, related); it is ignored',
      'digests/x.md: `subject` is not shown on a news item (only on lead); it is ignored',
    ]);
    const state = parseItem('---\nkind: state-dept\ndate: 2023-12-27\nurl: https://example.org/b\n---\nx', file).warnings;
    expect(state).toEqual(['digests/x.md: `url` is not shown on a state-dept item (only on lead, news, related); it is ignored']);
  });

  it('warns about a caption, credit or alt text without an image', () => {
    const { warnings } = parseItem('---\nkind: related\ndate: 2023-12-27\ntitle: T\nurl: https://example.org/r\ncaption: C\ncredit: CR\n---\n', file);
    expect(warnings).toEqual(['digests/x.md: `caption` is not shown without an `image`', 'digests/x.md: `credit` is not shown without an `image`']);
  });

  it('reads the teaser card fields of a related read, and its body as the teaser', () => {
    const source = '---\nkind: related\ndate: 2021-06-01\nkicker: "Analysis | NightDesk"\ntitle: T\nurl: https://example.org/r\nimage: https://example.org/i.jpg\ncaption: A caption.\ncredit: AGENCY/Name\n---\nFirst.\n\nSecond.\n';
    const { item, warnings } = parseItem(source, file);
    expect(warnings).toEqual([]);
    expect(item).toMatchObject({ kicker: 'Analysis | NightDesk', caption: 'A caption.', credit: 'AGENCY/Name', date: '2021-06-01', body: 'First.\n\nSecond.' });
  });

  it('takes readOriginal as true or false only', () => {
    expect(parseItem('---\nkind: lead\ndate: 2023-12-27\ntitle: T\nreadOriginal: false\n---\nx', file).item.readOriginal).toBe(false);
    expect(() => parseItem('---\nkind: lead\ndate: 2023-12-27\ntitle: T\nreadOriginal: "no"\n---\nx', file)).toThrow('digests/x.md: readOriginal: expected true or false');
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
