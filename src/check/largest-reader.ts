import { readSubscribers } from '../audience/subscribers.js';
import type { Reader } from './run-preflight.js';

/**
 * The largest message any subscriber will get comes from the longest address (in the unsubscribe
 * link) and the longest name (in the greeting). Without a readable list, a typical address.
 */
export async function largestReader(file: string, shownFile: string, notes: string[]): Promise<Reader> {
  const reader = { email: 'a-fairly-long-subscriber-address@example.org', name: '' };
  try {
    for await (const subscriber of readSubscribers(file, shownFile)) {
      if (subscriber.email.length > reader.email.length) reader.email = subscriber.email;
      if (subscriber.name.length > reader.name.length) reader.name = subscriber.name;
    }
  } catch {
    notes.push(`no readable subscriber list at ${shownFile}: sizes assume a typical address`);
  }
  return reader;
}
