import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../../src/items/markdown.js';
import { escapeHtml, escapeMarkdown, textWithoutMarkup, metadataText, stripControls } from '../../../src/scrape/plain-text.js';

// Issue 9.2 and 9.3: scraped text is text everywhere, without control characters.
describe('stripControls', () => {
  it('removes terminal escape sequences and every C0 and C1 control, keeping whitespace and text', () => {
    expect(stripControls('Envoys \u001b]0;owned\u0007agree\u001b[2J on \u001b[31mred\u001b[0m \u009b31mtext')).toBe('Envoys agree on red text');
    expect(stripControls('a\u0000b\u0008c\u007fd\u0085e\tf\ng')).toBe('abcde\tf\ng');
    expect(stripControls('Café “talks” — 12 €')).toBe('Café “talks” — 12 €');
  });
});

describe('escapeMarkdown', () => {
  const hostile = [
    '<img src="https://tracker.example/p.gif"> and <a href="https://phish.example">sign in</a>',
    '[click here](https://phish.example) and ![pixel](https://tracker.example/p.gif)',
    '*bold* _em_ `code` ~~struck~~ | a | b |',
    '# not a heading',
    '> not a quote',
    '- not a list',
    '1. not a list either',
    'Entities stay text: &lt;b&gt; &amp; &#60;i&#62;',
    'A backslash \\ and a <!-- comment -->',
    'Bare links: https://phish.example/login, www.phish.example and help@phish.example',
  ];
  it.each(hostile)('renders exactly the text it was given: %s', (text) => {
    const html = markdownToHtml(escapeMarkdown(text)).trim();
    expect(html).toBe(`<p>${escapeHtml(text).replace(/"/g, '&quot;')}</p>`);
  });
});

describe('metadata text', () => {
  it('decodes entities escaped twice, and leaves displayed markup as text', () => {
    expect(metadataText('That&amp;#039;s the &quot;deal&quot;')).toBe('That\'s the "deal"');
    expect(metadataText('shows <img src=x> as text')).toBe('shows <img src=x> as text');
  });

  it('drops tags that a CMS left in JSON-LD strings and meta descriptions', () => {
    expect(textWithoutMarkup('The <em>failures</em> &amp; the &#8216;small wins&#8217;.')).toBe('The failures & the ‘small wins’.');
  });
});
