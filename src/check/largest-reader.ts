import { greetingFor, refuseUnknownGreetingColumns, type Greeting } from '../audience/greeting.js';
import { readSubscribers } from '../audience/subscribers.js';
import { isMissingList } from '../audience/subscriber-errors.js';
import { UserError } from '../shared/errors.js';
import { error, type Finding } from './finding.js';
import type { Reader } from './run-preflight.js';

/**
 * The largest message any subscriber will get comes from the longest address (in the unsubscribe
 * link) and the longest greeting (the longest name without one). Without a list, a typical
 * address; a list `send` would refuse (bytes not UTF-8, shifted fields, a greeting's {column}
 * it lacks) is an error here too. `greetingSetting` names the config field for that message.
 */
export async function largestReader(file: string, shownFile: string, greeting: Greeting | undefined, greetingSetting: string, notes: string[]): Promise<{ reader: Reader; findings: Finding[] }> {
  const reader: Reader = { email: 'a-fairly-long-subscriber-address@example.org', name: '' };
  let longest = -1;
  try {
    const onHeader = (columns: string[]) => refuseUnknownGreetingColumns(greeting, columns, shownFile, greetingSetting);
    for await (const subscriber of readSubscribers(file, shownFile, { onHeader })) {
      if (subscriber.email.length > reader.email.length) reader.email = subscriber.email;
      const length = greeting ? greetingFor(greeting, subscriber.fields).length : subscriber.name.length;
      if (length > longest) [longest, reader.name, reader.fields] = [length, subscriber.name, subscriber.fields];
    }
  } catch (failure) {
    if (!(failure instanceof UserError) || isMissingList(failure)) {
      notes.push(`no readable subscriber list at ${shownFile}: sizes assume a typical address`);
    } else {
      return { reader, findings: [listFinding(failure, shownFile)] };
    }
  }
  return { reader, findings: [] };
}

/** The error `send` would stop on, as a finding: where is the file (and line), the message says what and what to do. */
function listFinding(failure: UserError, shownFile: string): Finding {
  const [, line = '', rest = failure.message] = failure.message.startsWith(shownFile) ? /^(:\d+)?: ([^]*)$/.exec(failure.message.slice(shownFile.length)) ?? [] : [];
  return error('subscribers', `${rest}${failure.hint ? `. ${failure.hint}` : ''}`, `${shownFile}${line}`);
}
