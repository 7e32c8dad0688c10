import { Worker } from 'node:worker_threads';
import type { MjmlRenderer, MjmlResult } from './mjml.js';

export interface MjmlThread {
  render: MjmlRenderer;
  close(): Promise<void>;
}

/**
 * Starts loading mjml (~0.3 s, most of a compose) on a second core right away; `render`
 * sends MJML to it once the templates are done. Renders one issue at a time.
 */
export function startMjmlThread(): MjmlThread {
  const worker = new Worker(new URL('./mjml-worker.js', import.meta.url));
  let failure: Error | undefined;
  worker.on('error', (error) => (failure = error));
  return {
    render: (source) =>
      new Promise<MjmlResult>((resolve, reject) => {
        if (failure) return reject(failure);
        worker.once('error', reject);
        worker.once('message', (reply: { result?: MjmlResult; error?: string }) => {
          worker.off('error', reject);
          if (reply.result) resolve(reply.result);
          else reject(new Error(reply.error ?? 'the MJML worker failed'));
        });
        worker.postMessage(source);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
