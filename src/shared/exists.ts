import { access } from 'node:fs/promises';

/** Whether something is at `file` (any kind, any reason it cannot be opened aside). */
export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
