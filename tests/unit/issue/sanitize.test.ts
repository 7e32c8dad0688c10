import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { markdownToBullets, markdownToHtml } from '../../../src/items/markdown.js';
import { sanitizeForEmail } from '../../../src/issue/sanitize.js';

const clean = (markdown: string, base?: string) => sanitizeForEmail(markdownToHtml(markdown), base);

describe('sanitizeForEmail', () => {
  it('removes script, style, iframe and form elements with their content', () => {
    const { html } = clean(
      'Before\n\n<script>alert(1)</script>\n\n<style>p{}</style>\n\n<iframe src="https://evil.example"></iframe>\n\n<form action="https://x.example"><input name=a><button>Go</button></form>\n\nAfter',
    );
    expect(html).not.toMatch(/<script|<style|<iframe|<form|<input|<button|alert\(1\)|p\{\}/);
    expect(html).toContain('Before');
    expect(html).toContain('After');
  });

  it('drops event handlers, inline styles and javascript: or data: links', () => {
    const { html } = clean(
      '<p onclick="steal()" style="color:red">Hi <a href="javascript:alert(1)">x</a> <a href="data:text/html,hi">y</a> <img src="https://example.com/a.png" onerror="steal()" alt="A"></p>',
    );
    const $ = cheerio.load(html);
    expect($('[onclick], [onerror], [style]').length).toBe(0);
    expect($('a[href]').length).toBe(0);
    expect($('img').attr('src')).toBe('https://example.com/a.png');
    expect(html).not.toContain('javascript:');
  });

  it('resolves relative links against the item url, and reports them when there is none', () => {
    expect(clean('[report](/reports/1)', 'https://example.com/news/story').html).toContain('href="https://example.com/reports/1"');
    const refused = clean('[report](/reports/1) and [ok](https://example.com/)');
    expect(refused.unresolved).toEqual(['/reports/1']);
    expect(refused.html).toContain('report');
    expect(refused.html).not.toContain('/reports/1');
  });

  it('keeps a markdown table as a table, with its column alignment and no styles', () => {
    const { html, removed } = clean('| Country | Aid | Note |\n| :-- | --: | :-: |\n| Norway | 12 | *pledged* |\n| Chile | 3 | <span onclick="x()">late</span> |');
    const $ = cheerio.load(html);
    expect($('table thead th').map((_, th) => $(th).text()).get()).toEqual(['Country', 'Aid', 'Note']);
    expect($('table tbody tr').length).toBe(2);
    expect($('tbody td[align="right"]').first().text()).toBe('12');
    expect($('tbody td[align="center"] em').text()).toBe('pledged');
    expect($('[style], [onclick]').length).toBe(0);
    expect(removed).toEqual(['span']);
  });

  it('names the elements it removed', () => {
    expect(clean('<iframe src="https://video.example/embed/1"></iframe>\n\n<script>x()</script>').removed.sort()).toEqual(['iframe', 'script']);
    expect(clean('![pixel](data:image/gif;base64,R0lGOD)').removed).toEqual(['img without a usable src']);
    expect(clean('Plain *text*.').removed).toEqual([]);
  });

  it('keeps the text the editor wrote: quotes, ampersands, angle brackets, non-Latin scripts', () => {
    const text = 'Talks "resumed" & the envoy said 3 < 4 — «Мир», 和平, سلام, O\'Brien';
    const $ = cheerio.load(clean(text).html);
    expect($('p').text()).toBe(text);
  });
});

describe('markdownToBullets', () => {
  it('makes one bullet per list item and keeps their links', () => {
    const bullets = markdownToBullets('- One, per [Reuters](https://example.com/r).\n- Two.\n  Still two.');
    expect(bullets).toHaveLength(2);
    expect(bullets[0]).toBe('One, per <a href="https://example.com/r">Reuters</a>.');
    expect(bullets[1]).toBe('Two.\nStill two.');
  });

  it('makes the whole body one bullet when there is no list', () => {
    expect(markdownToBullets('A paragraph.')).toEqual(['<p>A paragraph.</p>']);
  });

  it('keeps paragraphs outside a list as bullets of their own, in order', () => {
    expect(markdownToBullets('Intro.\n\n- A\n- B\n\nOutro.')).toEqual(['<p>Intro.</p>', 'A', 'B', '<p>Outro.</p>']);
  });
});
