import { UserError } from '../shared/errors.js';
import type { PreparedMessage, Recipient } from './message.js';
import { verifyTransport } from './open-transport.js';
import type { Transport } from './transport.js';

/** One "[TEST]" copy to the editor (an address the caller checked): no ledger, no subscriber list. */
export async function sendTestCopy(to: string, prepare: (recipient: Recipient) => PreparedMessage, transport: Transport): Promise<{ to: string; response: string }> {
  await verifyTransport(transport);
  try {
    const { response } = await transport.send(prepare({ email: to, key: to.toLowerCase(), name: '', fields: { email: to } }));
    return { to, response };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`the [TEST] copy to ${to} was not sent: ${(error as Error).message}`);
  }
}
