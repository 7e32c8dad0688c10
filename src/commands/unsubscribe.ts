import { describeSetting } from '../config/project.js';
import { openProject } from './open-project.js';
import { UserError } from '../shared/errors.js';
import { isValidAddress } from '../audience/subscribers.js';
import { addSuppressions } from '../audience/suppression.js';
import { verifyToken } from '../audience/unsubscribe-token.js';
import { SAMPLE_TOKEN } from '../issue/placeholders.js';
import { safeDecode } from '../shared/uri-decode.js';

export interface UnsubscribeResult {
  email: string;
  alreadySuppressed: boolean;
  file: string;
}

/**
 * Adds an address (or the address a signed token was issued for) to the suppression file, so
 * `send` never mails it again. Idempotent: an address already there is reported, not repeated.
 */
export async function unsubscribe(options: { cwd: string; configFile?: string; target: string; env: NodeJS.ProcessEnv; now?: Date }): Promise<UnsubscribeResult> {
  const project = await openProject(options);
  const email = resolveTarget(options.target.trim(), options.env);
  const file = project.resolve(project.config.suppressionFile);
  const shown = project.show(file);
  const date = project.now().toISOString();
  const detail = options.target.includes('@') ? 'watch-digest unsubscribe' : 'watch-digest unsubscribe, signed token';
  const { added } = await addSuppressions(file, shown, [{ email, reason: 'unsubscribed', date, detail }], { setting: describeSetting(project, 'suppressionFile') });
  return { email, alreadySuppressed: added.length === 0, file: shown };
}

function resolveTarget(target: string, env: NodeJS.ProcessEnv): string {
  if (target.includes('@') && !/^https?:\/\//i.test(target)) {
    // "Ana Lee <ana@example.org>" and "mailto:ana@example.org", as copied from a mail client.
    const address = /<([^<>]+)>\s*$/.exec(target)?.[1]?.trim() ?? target.replace(/^mailto:/i, '');
    if (!isValidAddress(address)) throw new UserError(`"${target}" is not a valid email address`, { hint: 'Pass the address alone (ana@example.org), or a token or link from an unsubscribe request.' });
    return address;
  }
  const shown = target.length > 60 ? `${target.slice(0, 57)}...` : target;
  if (candidates(target).includes(SAMPLE_TOKEN)) {
    throw new UserError(`"${shown}" is the sample unsubscribe link of a built issue (issue.html, issue.txt): it stands for each reader's own link and names nobody`, {
      hint: "Pass the link from the reader's own email or from your unsubscribe endpoint's log, or their address.",
    });
  }
  if (!env.UNSUBSCRIBE_SECRET) {
    throw new UserError('UNSUBSCRIBE_SECRET is not set, so the token cannot be verified', { hint: 'Set it to the secret `send` used, or pass the email address instead of the token.' });
  }
  const email = candidates(target).map((token) => verifyToken(token, env.UNSUBSCRIBE_SECRET!)).find(Boolean);
  if (!email) throw new UserError(`the unsubscribe token "${shown}" is not valid: it was not made with this UNSUBSCRIBE_SECRET, or it is not a whole token`, { hint: 'Check that the whole token was copied, and that the secret is the one `send` used.' });
  return email;
}

/** The token as given (percent-encoded or not), or each query value and path part of a pasted unsubscribe link. */
function candidates(target: string): string[] {
  const decoded = safeDecode(target);
  if (!/^https?:\/\//i.test(target)) return [decoded ?? target];
  try {
    const url = new URL(target);
    return [...url.searchParams.values(), ...url.pathname.split('/').map((part) => safeDecode(part) ?? part)].filter(Boolean);
  } catch {
    return [];
  }
}
