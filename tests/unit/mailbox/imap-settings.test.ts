import { describe, expect, it } from 'vitest';
import { describeImap, imapReason, imapSettingsFromEnv } from '../../../src/mailbox/imap.js';
import { uidSets, uidSetText, UidRanges } from '../../../src/mailbox/uid-set.js';
import { secretScrubber } from '../../../src/shared/scrub-secret.js';

describe('IMAP settings from the environment', () => {
  it('reads IMAP_URL, with an @ in the user name and special characters in the password', () => {
    expect(imapSettingsFromEnv({ IMAP_URL: 'imaps://bounces%40example.org:p%40ss%2Fw0rd@imap.example.org' })).toEqual({ host: 'imap.example.org', port: 993, secure: true, user: 'bounces@example.org', pass: 'p@ss/w0rd' });
    expect(imapSettingsFromEnv({ IMAP_URL: 'imap://u:p@127.0.0.1:1143' })).toMatchObject({ port: 1143, secure: false });
  });

  it('reads the separate variables, implicit TLS unless port 143 or IMAP_SECURE=false', () => {
    expect(imapSettingsFromEnv({ IMAP_HOST: 'imap.example.org', IMAP_USER: 'u', IMAP_PASS: 'p' })).toEqual({ host: 'imap.example.org', port: 993, secure: true, user: 'u', pass: 'p' });
    expect(imapSettingsFromEnv({ IMAP_HOST: 'h', IMAP_PORT: '143', IMAP_USER: 'u', IMAP_PASS: 'p' })).toMatchObject({ port: 143, secure: false });
    expect(imapSettingsFromEnv({ IMAP_HOST: 'h', IMAP_SECURE: 'false', IMAP_USER: 'u', IMAP_PASS: 'p' })).toMatchObject({ port: 143, secure: false });
    expect(imapSettingsFromEnv({})).toBeUndefined();
  });

  it('refuses malformed settings with a message that never shows the password', () => {
    expect(() => imapSettingsFromEnv({ IMAP_URL: 'pop3://u:topsecret@h' })).toThrow(/must start with imap:\/\/ or imaps:\/\//);
    expect(() => imapSettingsFromEnv({ IMAP_URL: 'imaps://imap.example.org' })).toThrow(/needs a user name and password/);
    expect(() => imapSettingsFromEnv({ IMAP_HOST: 'h', IMAP_PORT: 'x', IMAP_USER: 'u', IMAP_PASS: 'p' })).toThrow(/IMAP_PORT "x" is not a port number/);
    expect(describeImap({ host: 'h', port: 993, secure: true, user: 'u', pass: 'topsecret' })).toBe('imaps://u@h:993');
    const scrub = secretScrubber([{ user: 'u', pass: 'topsecret' }]);
    expect(imapReason(new Error('LOGIN failed for u/topsecret'), scrub)).toBe('LOGIN failed for u/***');
    expect(imapReason(Object.assign(new Error('Command failed'), { responseText: `bad ${Buffer.from('\0u\0topsecret').toString('base64')}`, code: 'X' }), scrub)).toBe('bad *** (X)');
  });
});

describe('UID sets for IMAP commands', () => {
  it('joins runs into ranges, in order, once each', () => {
    expect(uidSets([9, 3, 4, 5, 7, 12, 13, 4])).toEqual(['3:5,7,9,12:13']);
    expect(uidSets([42])).toEqual(['42']);
  });

  it('splits into sets no longer than the limit, each UID in exactly one', () => {
    const uids = Array.from({ length: 20_000 }, (_, i) => 1 + 2 * i);
    const sets = uidSets(uids, 4000);
    expect(sets.length).toBeGreaterThan(20);
    expect(Math.max(...sets.map((set) => set.length))).toBeLessThanOrEqual(4000);
    expect(sets.flatMap((set) => set.split(',').map(Number))).toEqual(uids);
  });
});

describe('sets of seen UIDs', () => {
  it('answers membership from ranges, merged whatever their order or overlap', () => {
    const seen = new UidRanges(['1:5,9', '4:7', 'x,12:10', '']);
    expect([0, 1, 5, 7, 8, 9, 10, 11, 12, 13].map((uid) => seen.has(uid))).toEqual([false, true, true, true, false, true, true, true, true, false]);
    expect(seen.size).toBe(11);
    expect(uidSetText([12, 3, 4, 5, 11, 9])).toBe('3:5,9,11:12');
    expect(new UidRanges([uidSetText([12, 3, 4, 5, 11, 9])]).size).toBe(6);
  });
});
