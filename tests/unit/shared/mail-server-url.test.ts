import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/shared/errors.js';
import { imapSettingsFromEnv } from '../../../src/mailbox/imap.js';
import { smtpSettingsFromEnv } from '../../../src/send/transport.js';
import { thrown } from '../../helpers/thrown.js';


describe('SMTP settings from the environment', () => {
  it('reads SMTP_URL, percent-decoding the user name and password', () => {
    expect(smtpSettingsFromEnv({ SMTP_URL: 'smtps://news%40example.org:p%25ss%2Fw0rd@smtp.example.org' })).toEqual({ host: 'smtp.example.org', port: 465, secure: true, user: 'news@example.org', pass: 'p%ss/w0rd' });
    expect(smtpSettingsFromEnv({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toEqual({ host: '127.0.0.1', port: 2525, secure: false });
  });

  it('explains a % that starts no escape in SMTP_URL or IMAP_URL, never showing the password', () => {
    for (const [variable, read, url] of [
      ['SMTP_URL', smtpSettingsFromEnv, 'smtps://news:50%off-secret@smtp.example.org'],
      ['IMAP_URL', imapSettingsFromEnv, 'imaps://bounces:50%off-secret@imap.example.org'],
    ] as const) {
      const error = thrown(() => read({ [variable]: url }));
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toBe(`${variable}: the password has a % that is not followed by two hexadecimal digits`);
      expect(error.hint).toContain('% as %25');
      expect(`${error.message} ${error.hint}`).not.toContain('off-secret');
    }
    expect(thrown(() => smtpSettingsFromEnv({ SMTP_URL: 'smtps://100%user:pw@smtp.example.org' })).message).toBe('SMTP_URL: the user name has a % that is not followed by two hexadecimal digits');
  });
});
