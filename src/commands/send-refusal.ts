import type { BuiltIssueFiles } from '../built/digest-store.js';
import { goLiveFindings, isSettingFinding } from '../check/go-live.js';
import type { Config } from '../config/schema.js';
import { UserError } from '../shared/errors.js';

/** What kind of run asks: a real send refuses, a dry run says that it would, a [TEST] copy only warns. */
export type RefusalRun = 'send' | 'dry-run' | 'test';

/**
 * A run over SMTP never mails init's example text, reserved example domains or links signed with
 * a guessable secret. The heading counts what the details list, by where each is fixed: in the
 * built issue and its inputs (compose again) or in the environment (no compose needed).
 */
export function refuseGoLiveFindings(config: Config, issue: BuiltIssueFiles, secret: string | undefined, run: RefusalRun, onWarning?: (message: string) => void): void {
  const findings = goLiveFindings({ config, manifest: issue.manifest, html: issue.html, text: issue.text, secret });
  if (findings.length === 0) return;
  const details = findings.map((finding) => `${finding.where}: ${finding.message}`);
  if (run === 'test') {
    for (const line of details) onWarning?.(`${line} (a real send refuses this)`);
    return;
  }
  const settings = findings.filter(isSettingFinding).length;
  const placeholders = findings.length - settings;
  const counts = [placeholders && `${plural(placeholders, 'placeholder')} would reach readers`, settings && plural(settings, 'unsafe setting')].filter(Boolean).join(', and ');
  const refusing = run === 'dry-run' ? 'dry run: a real run would refuse' : 'refusing';
  throw new UserError(`${refusing} to mail the list: ${counts}`, { details, hint: fixHint(placeholders, settings, run) });
}

function fixHint(placeholders: number, settings: number, run: RefusalRun): string {
  const then = run === 'dry-run' ? 'then run the dry run again' : 'then send';
  const check = '(`watch-digest check` lists them too)';
  if (!settings) return `Replace them ${check}, compose again, ${then}.`;
  if (!placeholders) return `Change ${settings === 1 ? 'the setting' : 'the settings'} in the environment (a CI secret), ${then}: the built issue is fine, no compose needed.`;
  return `Replace the placeholders ${check} and compose again, change the settings in the environment, ${then}.`;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
