import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

// What compose, send and the page cache write: never a reason to rebuild.
const GENERATED = /(^|[\\/])(\.cache|outbox|node_modules|\.git)([\\/]|$)|(^|[\\/])(issue\.(html|txt|mjml|json)|sends[^\\/]*\.(jsonl|lock))$|\.tmp$|~$/;

/**
 * Calls `onChange` (debounced) when an item, a template or the config file changes.
 * Returns a function that stops watching.
 */
export function watchSources(paths: { dirs: string[]; files: string[] }, onChange: () => void, debounceMs = 150): () => void {
  let timer: NodeJS.Timeout | undefined;
  const trigger = (changed: string | null) => {
    if (changed && GENERATED.test(changed)) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const dir of paths.dirs) {
    try {
      watchers.push(watch(dir, { recursive: true }, (_event, name) => trigger(name)));
    } catch {
      // A folder that does not exist (yet) has nothing to watch.
    }
  }
  // Files are watched through their folder: editors replace a file on save, which ends a watch on the file itself.
  for (const file of paths.files) {
    try {
      watchers.push(watch(path.dirname(file), (_event, name) => name === path.basename(file) && trigger(name)));
    } catch {
      // As above.
    }
  }
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
