import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { fillSamples, restorePlaceholders, sampleValues, withPlaceholders } from '../../../src/issue/placeholders.js';
import { createMessageFactory } from '../../../src/send/message.js';

const config = parseConfig({
  name: 'Diplomacy Watch',
  from: { address: 'news@example.org' },
  greeting: { withName: 'Dear {name},', withoutName: 'Dear reader & friend,' },
  unsubscribe: { url: 'https://example.org/u?t={token}&list=dw' },
});
const samples = sampleValues(config);
const html = `<p>%%GREETING%%</p><p>${'Ünïcode “quotes” — and = signs. '.repeat(30)}</p><a href="%%UNSUBSCRIBE_URL%%">Unsubscribe</a>`;
const text = 'Hello %%GREETING%%\n\nČau — unsubscribe: %%UNSUBSCRIBE_URL%%\n';

describe('sample values in the built files', () => {
  it('reads as a reader gets it: the nameless greeting and an unsubscribe link no endpoint accepts', () => {
    const filled = fillSamples(html, samples, 'html');
    expect(filled.content).not.toContain('%%');
    expect(filled.content).toContain('<p>Dear reader &amp; friend,</p>');
    expect(filled.content).toContain('href="https://example.org/u?t=sample&amp;list=dw"');
    expect(fillSamples(text, samples, 'text').content).toBe('Hello Dear reader & friend,\n\nČau — unsubscribe: https://example.org/u?t=sample&list=dw\n');
  });

  it('records byte offsets that restore the placeholders exactly, past multi-byte characters', () => {
    for (const [content, kind] of [
      [html, 'html'],
      [text, 'text'],
    ] as const) {
      const filled = fillSamples(content, samples, kind);
      expect(filled.spans.map((s) => s.token)).toEqual(['%%GREETING%%', '%%UNSUBSCRIBE_URL%%']);
      expect(restorePlaceholders(filled.content, filled.spans, 'issue')).toBe(content);
    }
  });

  it('refuses positions that do not fit the file', () => {
    const filled = fillSamples(text, samples, 'text');
    expect(() => restorePlaceholders(filled.content.slice(0, 10), filled.spans, 'issue.txt')).toThrow("issue.txt: issue.json's placeholder positions do not fit the file");
  });

  it('leaves builds from before samples (bare token lists) as they are', () => {
    expect(withPlaceholders({ manifest: { placeholders: ['%%UNSUBSCRIBE_URL%%'] }, html, text })).toEqual({ html, text });
  });

  it('lets send personalise the restored parts exactly as it did the raw ones (quoted-printable intact)', async () => {
    const h = fillSamples(html, samples, 'html');
    const t = fillSamples(text, samples, 'text');
    const restored = withPlaceholders({ manifest: { placeholders: { html: h.spans, text: t.spans } }, html: h.content, text: t.content });
    const options = { config, secret: 's3cret', date: new Date('2024-03-08T10:00:00Z') };
    const recipient = { email: 'ada@example.com', key: 'ada@example.com', name: 'Ada', fields: { name: 'Ada' } };
    const fromRestored = (await createMessageFactory({ week: '2024-W10', subject: 'S', ...restored }, options))(recipient);
    const fromRaw = (await createMessageFactory({ week: '2024-W10', subject: 'S', html, text }, options))(recipient);
    // MailComposer picks a random MIME boundary per factory; everything else must be identical.
    const sameBoundary = (raw: string) => raw.replaceAll(/boundary="([^"]+)"/.exec(raw)![1]!, 'BOUNDARY');
    expect(sameBoundary(fromRestored.raw)).toBe(sameBoundary(fromRaw.raw));
    const parsed = await simpleParser(fromRestored.raw);
    expect(parsed.text).toContain('Hello Dear Ada,');
    expect(parsed.text).not.toContain('sample');
    expect(parsed.html).toContain('<p>Dear Ada,</p>');
    // The opaque token of send/unsubscribe-token.ts, never the sample.
    expect(parsed.html).toMatch(/href="https:\/\/example.org\/u\?t=(?!sample)[\w-]{20,}&amp;list=dw"/);
  });
});
