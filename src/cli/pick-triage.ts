import { cancel, intro, isCancel, log, outro, selectKey } from '@clack/prompts';
import open from 'open';
import { alreadyUsed, type Inbox, type PickChoice } from '../commands/pick.js';
import type { InboxCandidate } from '../gather/inbox.js';
import type { ItemKind } from '../items/item.js';

// selectKey answers on a single key: the option's value, shown as its badge.
type Key = 'l' | 'n' | 'r' | 'w' | 's' | 'o' | 'q';
const STORY_KEYS: Array<{ value: Key; label: string }> = [
  { value: 'n', label: 'news bullet' },
  { value: 'l', label: 'lead' },
  { value: 'r', label: 'related read' },
  { value: 's', label: 'skip' },
  { value: 'o', label: 'open in the browser' },
  { value: 'q', label: 'quit, and write what was picked' },
];
const NOTE_KEYS: Array<{ value: Key; label: string }> = [
  { value: 'w', label: 'write the note' },
  { value: 's', label: 'skip' },
  { value: 'o', label: 'open the briefings list' },
  { value: 'q', label: 'quit, and write what was picked' },
];
const KINDS: Partial<Record<Key, ItemKind>> = { l: 'lead', n: 'news', r: 'related', w: 'state-dept' };

/**
 * Goes through the inbox on a terminal, one candidate at a time, asking with a single key what
 * to make of it. Returns the choices, or 'cancelled' on Ctrl-C (then nothing is written).
 */
export async function triage(inbox: Inbox): Promise<PickChoice[] | 'cancelled'> {
  const fresh = inbox.candidates.filter((c) => !alreadyUsed(inbox, c));
  intro(`${inbox.week.label}: ${fresh.length} of ${inbox.candidates.length} candidates not used yet`);
  const choices: PickChoice[] = [];
  for (const candidate of fresh) {
    log.message(describe(candidate));
    for (;;) {
      const isNote = candidate.kind === 'state-dept';
      const answer = await selectKey<Key>({
        message: `${candidate.number}: take it as…`,
        options: isNote ? NOTE_KEYS : STORY_KEYS,
        initialValue: isNote ? 'w' : 'n',
      });
      if (isCancel(answer)) {
        cancel('Nothing was written.');
        return 'cancelled';
      }
      if (answer === 'o') {
        const url = candidate.links[0]!.url;
        await open(url).catch(() => log.warn(`Could not open a browser; the link is ${url}`));
        continue;
      }
      if (answer === 'q') {
        outro(summary(choices));
        return choices;
      }
      const kind = KINDS[answer];
      if (kind) choices.push({ number: candidate.number, kind });
      break;
    }
  }
  outro(summary(choices));
  return choices;
}

function describe(candidate: InboxCandidate): string {
  const when = [candidate.day, candidate.time].filter(Boolean).join(' ');
  const lines = [`${candidate.number}. ${candidate.title}`, `${when} · ${candidate.links.map((l) => l.outlet).join(', ')}`];
  // Markdown links read badly in a terminal: their words are enough, the URLs follow.
  const text = (candidate.draft ?? candidate.summary).replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
  if (text) lines.push('', text.length > 400 ? `${text.slice(0, 400)}…` : text);
  lines.push('', ...candidate.links.map((l) => l.url));
  return lines.join('\n');
}

function summary(choices: readonly PickChoice[]): string {
  return choices.length ? `Writing ${choices.length} item${choices.length === 1 ? '' : 's'}…` : 'Nothing picked.';
}
