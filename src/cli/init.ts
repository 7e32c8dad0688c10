import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Output } from './output.js';

export async function initCommand(dir: string | undefined, flags: { name?: string; from?: string; dependency?: string }, output: Output): Promise<number> {
  let { name, from } = flags;
  if ((!name || !from) && process.stdin.isTTY && process.stdout.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    try {
      name ??= (await prompt.question('Newsletter name: ')).trim();
      from ??= (await prompt.question('Sender address (From): ')).trim();
    } finally {
      prompt.close();
    }
  }
  const { initNewsletter } = await import('../commands/init.js');
  const target = path.resolve(dir ?? '.');
  const result = await initNewsletter({
    dir: target,
    name: name || 'My Newsletter',
    from: from || 'newsletter@example.org',
    ...(flags.dependency ? { dependency: flags.dependency } : {}),
  });
  if (output.json) {
    output.out(JSON.stringify(result));
    return 0;
  }
  const shown = path.relative(process.cwd(), target) || '.';
  output.out(`Created in ${shown}${path.sep}:`);
  for (const file of result.created) output.out(`  ${file}${file === 'package.json' && result.packageMerge ? ` (exists: added ${result.packageMerge.added.join(', ')})` : ''}`);
  for (const file of result.kept) output.out(`  ${file} (exists, kept as it was${file === 'package.json' && result.packageMerge?.refused ? `: ${result.packageMerge.refused}` : ''})`);
  // Its own dependency on watch-digest is named below, with the others init prints.
  const keptFields = result.packageMerge?.kept.filter((field) => field !== 'dependencies.watch-digest') ?? [];
  if (keptFields.length) output.out(`  package.json keeps its own ${keptFields.join(', ')}`);
  const { dependency } = result;
  output.out(`\npackage.json depends on watch-digest ${dependency.spec} (${dependency.origin}).`);
  if (dependency.kind === 'file') {
    output.out('  That path works on this machine only: before the weekly workflow can install the newsletter on GitHub,');
    output.out('  point it at a published version or a git URL (`npm install watch-digest@<version>` or `npm install git+https://…#<commit>`).');
  }
  output.out('\nNext steps:');
  if (shown !== '.') output.out(`  cd ${shown}`);
  output.out('  npm install                         # then commit package-lock.json: the weekly workflow runs npm ci');
  output.out('  npx watch-digest preview            # edit the example items in digests/ and watch the email change');
  output.out('  npx watch-digest compose --week && npx watch-digest check');
  output.out('  Set postalAddress and unsubscribe.url in watch-digest.config.json, and the repository secrets');
  output.out('  SMTP_URL and UNSUBSCRIBE_SECRET (DKIM_* too): .github/workflows/weekly-digest.yml then sends every Friday.');
  return 0;
}
