import { cancel, intro, isCancel, log, outro, selectKey } from '@clack/prompts';
import open from 'open';
import { alreadyUsed, type Inbox, type PickChoice } from '../gather/pick.js';
import type { InboxCandidate } from '../gather/inbox.js';

type Action = 'lead' | 'news' | 'related' | 'write' | 'skip' | 'open' | 'quit';

// selectKey answers on the first letter of each value: l, n, r / w, s, o, q.
const STORY_ACTIONS = [
  { value: 'lead', label: 'lead' },
  { value: 'news', label: 'news bullet' },
  { value: 'related', label: 'related read' },
  { value: 'skip', label: 'skip' },
  { value: 'open', label: 'open in the browser' },
  { value: 'quit', label: 'quit (write what was picked)' },
] as const;
const NOTE_ACTIONS = [
  { value: 'write', label: 'write the note' },
  { value: 'skip', label: 'skip' },
  { value: 'open', label: 'open the briefings list' },
  { value: 'quit', label: 'quit (write what was picked)' },
] as const;

/**
 * Goes through the inbox on a terminal, one candidate at a time, asking with a single key what
 * to make of it. Returns the choices, or 'cancelled' on Ctrl-C (then nothing is written).
 */
export async function triage(inbox: Inbox): Promise<PickChoice[] | 'cancelled'> {
  const open_ = inbox.candidates.filter((c) => !alreadyUsed(inbox, c));
  intro(`${inbox.week.label}: ${open_.length} of ${inbox.candidates.length} candidates not used yet`);
  const choices: PickChoice[] = [];
  for (const candidate of open_) {
    log.message(describe(candidate));
    for (;;) {
      const isNote = candidate.kind === 'state-dept';
      const response = await selectKey<Action>({
        message: `${candidate.number}: take it as…`,
        options: [...(isNote ? NOTE_ACTIONS : STORY_ACTIONS)],
        initialValue: isNote ? 'write' : 'news',
      });
      if (isCancel(response)) {
        cancel('Nothing was written.');
        return 'cancelled';
      }
      const answer: Action = response;
      if (answer === 'open') {
        const url = candidate.links[0]!.url;
        await open(url).catch(() => log.warn(`Could not open a browser; the link is ${url}`));
        continue;
      }
      if (answer === 'quit') {
        outro(summary(choices));
        return choices;
      }
      if (answer !== 'skip') choices.push({ number: candidate.number, kind: answer === 'write' ? 'state-dept' : answer });
      break;
    }
  }
  outro(summary(choices));
  return choices;
}

function describe(candidate: InboxCandidate): string {
  const when = [candidate.day, candidate.time].filter(Boolean).join(' ');
  const lines = [`${candidate.number}. ${candidate.title}`, `${when} · ${candidate.links.map((l) => l.outlet).join(', ')}`];
  const text = candidate.draft ?? candidate.summary;
  if (text) lines.push('', text.length > 400 ? `${text.slice(0, 400)}…` : text);
  lines.push('', ...candidate.links.map((l) => l.url));
  return lines.join('\n');
}

function summary(choices: readonly PickChoice[]): string {
  return choices.length ? `Writing ${choices.length} item${choices.length === 1 ? '' : 's'}…` : 'Nothing picked.';
}
