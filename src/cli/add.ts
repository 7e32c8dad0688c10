import path from 'node:path';
import type { ItemKind } from '../items/item.js';
import { parseHttpUrl } from '../web/fetch-page.js';
import type { Output } from './output.js';

export async function addCommand(url: string, flags: { kind?: ItemKind; date?: string; week?: string | true; import?: boolean; config?: string }, output: Output): Promise<number> {
  parseHttpUrl(url);
  const { addItem } = await import('../commands/add.js');
  const result = await addItem({
    cwd: process.cwd(),
    url,
    ...(flags.kind ? { kind: flags.kind } : {}),
    ...(flags.date ? { date: flags.date } : {}),
    // A bare --week is this week.
    ...(flags.week !== undefined ? { week: typeof flags.week === 'string' ? flags.week : 'this' } : {}),
    ...(flags.config ? { configFile: flags.config } : {}),
    import: Boolean(flags.import),
  });
  const shown = result.files.map((file) => path.relative(process.cwd(), file));
  for (const warning of result.warnings) output.err(`warning: ${warning}`);
  if (output.json) {
    output.out(JSON.stringify({ week: result.week, date: result.date, files: shown, title: result.article.title }));
    return 0;
  }
  if (!output.quiet) {
    output.out(`Added to ${result.week} from "${result.article.title}":`);
    for (const file of shown) output.out(`  ${file}`);
    // A related read keeps its article's date, maybe an old one: say which week shows it.
    if (flags.kind === 'related' && !flags.import) output.out(`Dated ${result.date}; filed in the ${result.week} folder, which puts it in that week's issue.`);
    output.out('Review and edit before composing.');
  }
  return 0;
}
