import path from 'node:path';
import type { ItemKind } from '../items/item.js';
import { parseHttpUrl } from '../items/scrape/fetch-page.js';
import type { Output } from './output.js';

export async function addCommand(url: string, flags: { kind?: ItemKind; date?: string; import?: boolean; config?: string }, output: Output): Promise<number> {
  parseHttpUrl(url);
  const { addItem } = await import('../add-item.js');
  const result = await addItem({
    cwd: process.cwd(),
    url,
    ...(flags.kind ? { kind: flags.kind } : {}),
    ...(flags.date ? { date: flags.date } : {}),
    ...(flags.config ? { configFile: flags.config } : {}),
    import: Boolean(flags.import),
  });
  const shown = result.files.map((file) => path.relative(process.cwd(), file));
  for (const warning of result.warnings) output.err(`warning: ${warning}`);
  if (output.json) {
    output.out(JSON.stringify({ week: result.week, files: shown, title: result.article.title }));
    return 0;
  }
  if (!output.quiet) {
    output.out(`Added to ${result.week} from "${result.article.title}":`);
    for (const file of shown) output.out(`  ${file}`);
    output.out('Review and edit before composing.');
  }
  return 0;
}
