// Worker-thread entry: loads mjml as soon as the thread starts, in parallel with the main
// thread's own loading and item parsing, then renders whatever MJML it is sent.
import { parentPort } from 'node:worker_threads';
import { loadMjml, renderMjml } from './mjml.js';

loadMjml();
parentPort!.on('message', async (source: string) => {
  try {
    parentPort!.postMessage({ result: await renderMjml(source) });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
