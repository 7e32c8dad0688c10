import { createInterface } from 'node:readline/promises';

export interface InitAnswers {
  name: string;
  from: string;
  timeZone: string;
  /** What was taken by default because nobody could be asked (no terminal), for init to say. */
  defaults: string[];
}

const DEFAULTS = { name: 'My Newsletter', from: 'newsletter@example.org', timeZone: 'UTC' };

/**
 * The name, sender and time zone: from the flags, else asked on a terminal, else the defaults
 * (said out loud). `ask: false` (the config exists and is kept) asks nothing.
 */
export async function initAnswers(flags: { name?: string; from?: string; timeZone?: string }, ask = true): Promise<InitAnswers> {
  let { name, from, timeZone } = flags;
  if (ask && (!name || !from || !timeZone) && process.stdin.isTTY && process.stdout.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    try {
      name ??= (await prompt.question('Newsletter name: ')).trim();
      from ??= (await prompt.question('Sender address (From): ')).trim();
      timeZone ??= (await prompt.question(`Time zone, for "this week" and the issue's date [${here}]: `)).trim() || here;
    } finally {
      prompt.close();
    }
  }
  const defaults: string[] = [];
  const pick = (value: string | undefined, fallback: string, label: string, flag: string) => {
    if (value) return value;
    defaults.push(`${label} ${JSON.stringify(fallback)} (${flag})`);
    return fallback;
  };
  return {
    name: pick(name, DEFAULTS.name, 'name', '--name'),
    from: pick(from, DEFAULTS.from, 'sender', '--from'),
    timeZone: pick(timeZone, DEFAULTS.timeZone, 'time zone', '--time-zone'),
    defaults,
  };
}
