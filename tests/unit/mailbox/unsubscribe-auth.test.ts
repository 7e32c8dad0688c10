import { describe, expect, it } from 'vitest';
import { parseAuthResults, senderAuthentication } from '../../../src/mailbox/unsubscribe-auth.js';

const OURS = 'mx.newsroom.net';

describe('senderAuthentication: only our receiving server vouches for a From: line', () => {
  it('accepts DMARC pass, or DKIM pass for an aligned domain, in the topmost header of our server', () => {
    expect(senderAuthentication([`${OURS}; spf=fail smtp.mailfrom=mail-a.org; dkim=none; dmarc=pass header.from=mail-a.org`], 'ana@mail-a.org', OURS)).toMatchObject({ authenticated: true, evidence: `DMARC pass for mail-a.org (${OURS})` });
    expect(senderAuthentication([`${OURS} 1; dkim=pass (2048-bit key) header.d=news.mail-a.co.uk header.s=s1; dmarc=none`], 'ana@mail-a.co.uk', OURS).authenticated).toBe(true);
    expect(senderAuthentication([`${OURS}; dkim=pass header.i=@mail-a.org`], 'ana@mail-a.org', OURS.toUpperCase()).authenticated).toBe(true);
  });

  it('refuses the forgeries: no header, another server, a header lower than ours, unaligned DKIM, a failing or missing result, no authServer', () => {
    const cases: Array<[string[], string | undefined]> = [
      [[], OURS],
      [['mx.elsewhere.net; dmarc=pass header.from=mail-a.org'], OURS],
      [[`${OURS}; spf=fail; dkim=none; dmarc=fail header.from=mail-a.org`, `${OURS}; dmarc=pass header.from=mail-a.org`], OURS],
      [[`${OURS}; dkim=pass header.d=bulk-sender.net`], OURS],
      [[`${OURS}; dkim=pass header.d=org`], OURS],
      [[`${OURS}; dmarc=pass header.from=other.org`], OURS],
      [[`${OURS}; dkim=fail header.d=mail-a.org; dmarc=temperror`], OURS],
      [[`${OURS}; none`], OURS],
      [[`${OURS}; dmarc=pass header.from=mail-a.org`], undefined],
    ];
    for (const [headers, server] of cases) expect(senderAuthentication(headers, 'ana@mail-a.org', server), JSON.stringify(headers)).toMatchObject({ authenticated: false });
    expect(senderAuthentication([`${OURS}; spf=fail; dmarc=fail`], 'ana@mail-a.org', OURS).evidence).toBe(`${OURS} found spf=fail, dmarc=fail for mail-a.org`);
  });

  it('parses RFC 8601 headers with comments, versions and quoted values', () => {
    expect(parseAuthResults('mx.newsroom.net 1; dkim=pass (good signature) header.d="mail-a.org" header.b=AbC; dmarc=pass (p=none dis=none) header.from=mail-a.org')).toEqual({
      server: 'mx.newsroom.net',
      results: [
        { method: 'dkim', result: 'pass', properties: new Map([['header.d', 'mail-a.org'], ['header.b', 'AbC']]) },
        { method: 'dmarc', result: 'pass', properties: new Map([['header.from', 'mail-a.org']]) },
      ],
    });
    expect(parseAuthResults('')).toBeUndefined();
  });
});
