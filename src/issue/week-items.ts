import type { Config } from '../config/schema.js';
import { ITEM_KINDS, type Item } from '../items/item.js';
import { UserError } from '../shared/errors.js';
import type { Week } from '../shared/week.js';

/**
 * The week's one lead and at most one State Department note; anything else is an error saying
 * what was found and what to do.
 */
export function requireLeadAndNote(items: readonly Item[], week: Week, config: Config): { lead: Item; note: Item | undefined } {
  const range = `${week.label} (${week.start} to ${week.end})`;
  if (items.length === 0) {
    throw new UserError(`No items dated in ${range} under ${config.digestsDir}/`, {
      hint: `Add markdown items under ${config.digestsDir}/${week.label}/ or with a \`date:\` in that week, or pick another week with --week.`,
    });
  }
  const leads = items.filter((item) => item.kind === 'lead');
  if (leads.length === 0) {
    throw new UserError(`No lead item in ${range}: found ${describeKinds(items)}`, {
      hint: 'Every issue needs one item with `kind: lead`; add one dated in that week.',
    });
  }
  if (leads.length > 1) {
    throw new UserError(`Two or more lead items in ${range}: ${leads.map((l) => l.file).join(', ')}`, {
      hint: 'Keep one `kind: lead` per week; make the others news or related, or move their dates.',
    });
  }
  const notes = items.filter((item) => item.kind === 'state-dept');
  if (notes.length > 1) {
    // Two notes are a duplicate or a leftover far more often than a plan; joining them could mail both.
    throw new UserError(`Two or more State Department notes in ${range}: ${notes.map((i) => i.file).join(', ')}`, {
      hint: 'Keep one `kind: state-dept` item per week: put all of the note in one file, and delete or move the other.',
    });
  }
  return { lead: leads[0]!, note: notes[0] };
}

function describeKinds(items: readonly Item[]): string {
  return ITEM_KINDS.map((kind) => [kind, items.filter((item) => item.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}
