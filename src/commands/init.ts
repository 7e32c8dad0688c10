import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../config/load.js';
import { CONFIG_FILE } from '../config/schema.js';
import { resolveWeek } from '../config/resolve.js';
import { withInstalledDocs } from '../shared/doc-page.js';
import { UsageError, UserError } from '../shared/errors.js';
import { explainFileError } from '../shared/output-dir.js';
import { BUNDLED_TEMPLATES, PACKAGE_ROOT } from '../shared/paths.js';
import { isValidAddress } from '../audience/subscribers.js';
import { today } from '../shared/week.js';
import { dependencySpec, givenSpec, type DependencySpec } from './install-source.js';
import { endpointDeployFiles } from './init-endpoint.js';
import { INIT_SAMPLE_ITEMS } from '../issue/init-samples.js';
import { initPackageFields, mergeInitPackage, type PackageMerge } from './init-package.js';
import { exists } from '../shared/exists.js';

// cli/init.ts names the config file in what it prints.
export { CONFIG_FILE };

const WORKFLOW = path.join('.github', 'workflows', 'weekly-digest.yml');

export interface InitOptions {
  dir: string;
  name: string;
  from: string;
  /** IANA time zone (default UTC). */
  timeZone?: string;
  /** package.json's dependency on watch-digest; default: the source this copy was installed from. */
  dependency?: string;
  now?: Date;
}

export interface InitResult {
  dir: string;
  created: string[];
  kept: string[];
  dependency: DependencySpec;
  /** What was added to a package.json that was there already. */
  packageMerge?: PackageMerge;
}

/** Scaffolds a newsletter repository. Never overwrites: existing files are kept and listed. */
export async function initNewsletter(options: InitOptions): Promise<InitResult> {
  if (!options.name.trim()) throw new UserError('the newsletter needs a name', { hint: 'Pass --name "My Newsletter".' });
  if (!isValidAddress(options.from)) throw new UsageError(`--from "${options.from}" is not a valid email address`, 'Give the sender address, e.g. --from news@your-domain.org.');
  const self = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; overrides?: Record<string, string> };
  const dependency = options.dependency ? givenSpec(options.dependency) : await dependencySpec(PACKAGE_ROOT, self.version);
  const config = {
    name: options.name.trim(),
    from: { name: options.name.trim(), address: options.from },
    postalAddress: '',
    timeZone: options.timeZone ?? 'UTC',
    greeting: { withName: 'Dear {name},', withoutName: 'Dear reader,' },
    unsubscribe: { url: 'https://example.org/unsubscribe?token={token}', mailto: `unsubscribe@${options.from.split('@')[1]}` },
  };
  const week = resolveWeek(undefined, parseInitConfig(config), options.now ?? new Date());
  const date = today(options.now ?? new Date(), config.timeZone);
  const slug = config.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'newsletter';

  const packageJson = initPackageFields(slug, dependency.spec, self.overrides);
  // A package.json that is there already (`npm install <tarball>` writes one) gets the missing fields.
  const packageMerge = await mergeInitPackage(options.dir, packageJson);
  const files: Record<string, string> = {
    ...(packageMerge ? {} : { 'package.json': JSON.stringify(packageJson, null, 2) + '\n' }),
    [CONFIG_FILE]: JSON.stringify(config, null, 2) + '\n',
    'subscribers.csv': `email,name\n${options.from.replace(/^[^@]+/, 'you')},Your Name\n`,
    '.gitignore': 'node_modules/\ndigests/.cache/\ndigests/*/outbox/\ndigests/*/sends*.lock\npublic/\n',
    ...Object.fromEntries(Object.values(INIT_SAMPLE_ITEMS).map((sample) => [path.join('digests', week.label, `${sample.kind}.md`), exampleItem(sample.kind, date, sample.title, sample.dek, sample.body)])),
    [WORKFLOW]: withInstalledDocs(await readFile(path.join(PACKAGE_ROOT, WORKFLOW), 'utf8')),
    '.gitattributes': await readFile(path.join(PACKAGE_ROOT, '.gitattributes'), 'utf8'),
    ...endpointDeployFiles(config.name, slug),
  };
  for (const name of await listFiles(BUNDLED_TEMPLATES)) files[path.join('templates', name)] = withInstalledDocs(await readFile(path.join(BUNDLED_TEMPLATES, name), 'utf8'));

  const created: string[] = [];
  const kept: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(options.dir, name);
    if (await exists(target)) {
      kept.push(name);
      continue;
    }
    await explainFileError(target, 'write it', async () => {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content, { flag: 'wx' });
    }, { details: created.map((file) => `created already: ${file}`), hint: 'Check that the folder is writable and has space; run init again to create the rest (it keeps what exists).' });
    created.push(name);
  }
  if (packageMerge) (packageMerge.added.length ? created : kept).push('package.json');
  const held = packageMerge && packageMerge.dependency !== dependency.spec ? { ...givenSpec(packageMerge.dependency), origin: 'as package.json had it' } : dependency;
  return { dir: options.dir, created, kept, dependency: held, ...(packageMerge ? { packageMerge } : {}) };
}

/** Whether `dir` has a config already: init keeps it, so the name, sender and time zone it would write are not applied. */
export function hasConfig(dir: string): Promise<boolean> {
  return exists(path.join(dir, CONFIG_FILE));
}

/** The config init writes, checked as every command will read it: a wrong --time-zone is named. */
function parseInitConfig(config: { timeZone: string }) {
  try {
    return parseConfig(config);
  } catch (error) {
    if (!(error instanceof UserError) || !error.details.some((line) => line.includes('timeZone'))) throw error;
    throw new UsageError(`--time-zone "${config.timeZone}" is not an IANA time zone`, 'Pass a name such as Europe/Berlin, America/New_York or UTC.');
  }
}

function exampleItem(kind: string, date: string, title: string | undefined, dek: string | undefined, body: string[]): string {
  const fields = [`kind: ${kind}`, `date: ${date}`, ...(title ? [`title: "${title}"`] : []), ...(dek ? [`dek: "${dek}"`] : [])];
  return `---\n${fields.join('\n')}\n---\n${body.join('\n\n')}\n`;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const names = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)])));
  return names.flat().sort();
}

