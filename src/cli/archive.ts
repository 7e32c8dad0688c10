import path from 'node:path';
import type { Output } from './output.js';

export async function archiveCommand(flags: { out?: string; config?: string }, output: Output): Promise<number> {
  const { buildArchive } = await import('../commands/archive.js');
  const result = await buildArchive({ cwd: process.cwd(), ...(flags.out ? { out: flags.out } : {}), ...(flags.config ? { configFile: flags.config } : {}) });
  const dir = path.relative(process.cwd(), result.dir) || '.';
  if (output.json) output.out(JSON.stringify({ ...result, dir }));
  else if (!output.quiet) output.out(`Archive of ${result.issues.length} issue(s) written to ${dir}${path.sep} (index.html, feed.xml, one page per issue)`);
  return 0;
}
