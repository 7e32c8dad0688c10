import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fetchSettings } from '../config/resolve.js';
import { openProject } from './open-project.js';
import { type Config } from '../config/schema.js';
import { UsageError, UserError } from '../shared/errors.js';
import { explainFileError } from '../shared/output-dir.js';
import type { ItemKind } from '../items/item.js';
import { belongsToWeek } from '../items/week-membership.js';
import { extractArticle, type Article } from '../scrape/extract-article.js';
import { fetchPage } from '../web/fetch-page.js';
import { cachedFetch } from '../web/page-cache.js';
import type { Week } from '../shared/week.js';
import { canonicalUrl } from '../gather/canonical-url.js';
import { draftItem } from '../gather/draft-item.js';
import { hostLimiter } from '../gather/host-limit.js';
import { INBOX_FILE, parseInbox, type InboxCandidate } from '../gather/inbox.js';
import { scanDigests, type DigestsScan } from '../gather/used-urls.js';
import { sentWeekNote } from '../send/sent-build.js';

export interface InboxOptions {
  cwd: string;
  configFile?: string;
  week?: string;
  now?: Date;
}

export interface Inbox {
  /** Where the command runs: paths in messages are relative to it. */
  cwd: string;
  week: Week;
  file: string;
  candidates: InboxCandidate[];
  config: Config;
  digestsDir: string;
  scan: DigestsScan;
  /** Set when the week has gone out to anyone: items picked now will not reach them. */
  sent?: string;
}

/** Reads the week's inbox; no inbox is an error that says to gather first. */
export async function readInbox(options: InboxOptions): Promise<Inbox> {
  const project = await openProject(options);
  const { config, digestsDir } = project;
  const week = project.week(options.week);
  const file = path.join(project.weekDir(week), INBOX_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`${project.show(file)}: no inbox for ${week.label}`, { hint: `Run \`watch-digest gather --week ${week.label}\` first.` });
  }
  const sent = await sentWeekNote(project.weekDir(week), project.show(project.weekDir(week)), week.label);
  return { cwd: options.cwd, week, file, candidates: parseInbox(text), config, digestsDir, scan: await scanDigests(digestsDir, options.cwd), ...(sent ? { sent } : {}) };
}

/** Where a candidate is already used, if it is: an item with its link, or the week's note. */
export function alreadyUsed(inbox: Inbox, candidate: InboxCandidate): string | undefined {
  if (candidate.kind === 'state-dept') {
    // As compose decides it: the folder named for a week, else the date.
    const note = inbox.scan.items.find((item) => item.kind === 'state-dept' && belongsToWeek(item, inbox.week));
    return note && `the week already has a State Department note (${note.file})`;
  }
  for (const link of candidate.links) {
    const file = inbox.scan.usedUrls.get(canonicalUrl(link.url));
    if (file) return `already used in ${file}`;
  }
  return undefined;
}

export interface PickChoice {
  number: number;
  /** Default: the candidate's own kind. */
  kind?: ItemKind;
}

export interface PickOptions {
  fetch?: typeof globalThis.fetch;
  /** Called as each item is written or skipped, for progress. */
  onPicked?: (outcome: PickOutcome) => void;
}

export interface PickOutcome {
  number: number;
  title: string;
  kind: ItemKind;
  /** The item written; absent when skipped. */
  file?: string;
  /** Why nothing was written. */
  skipped?: string;
  /** Written from the inbox alone: the article could not be read (says why). */
  warning?: string;
}

/**
 * Turns chosen candidates into items under digests/<week>/: each article is fetched (through
 * the page cache) and read with the extractor to draft the item; an article that cannot be
 * read still gives an item, from the inbox's title and summary, with a warning. Never
 * overwrites: a taken file name gets a number. Candidates already used are skipped.
 */
export async function pickCandidates(inbox: Inbox, choices: readonly PickChoice[], options: PickOptions = {}): Promise<PickOutcome[]> {
  const chosen = choices.map((choice) => {
    const candidate = inbox.candidates.find((c) => c.number === choice.number);
    if (!candidate) {
      const range = inbox.candidates.length ? `1 to ${Math.max(...inbox.candidates.map((c) => c.number))}` : 'none: the inbox is empty';
      throw new UsageError(`candidate ${choice.number} is not in ${INBOX_FILE} for ${inbox.week.label} (numbers: ${range})`, 'Run `watch-digest gather` again if the inbox is old.');
    }
    const kind = choice.kind ?? candidate.kind;
    if ((candidate.kind === 'state-dept') !== (kind === 'state-dept')) {
      throw new UsageError(
        candidate.kind === 'state-dept'
          ? `candidate ${candidate.number} is the State Department note: pick it without --as, or --as state-dept`
          : `candidate ${candidate.number} is a story, not the State Department note: pick it as news, lead or related`,
      );
    }
    return { candidate, kind };
  });

  const dir = path.join(inbox.digestsDir, inbox.week.label);
  const cacheDir = path.join(inbox.digestsDir, '.cache');
  const settings = { ...fetchSettings(inbox.config), ...(options.fetch ? { fetch: options.fetch } : {}) };
  const limit = hostLimiter(2, 4);
  const taken = new Set<string>();
  const outcomes: PickOutcome[] = [];

  // Articles are fetched in parallel; files are written in the order asked, so names are stable.
  const articles = chosen.map(({ candidate, kind }) =>
    kind === 'state-dept' || alreadyUsed(inbox, candidate) ? Promise.resolve<ReadArticle>({ article: undefined }) : limit(candidate.links[0]!.url, () => readArticle(candidate.links[0]!.url, cacheDir, settings)),
  );
  const show = (file: string) => path.relative(inbox.cwd, file) || file;
  await explainFileError(show(dir), "create the week's folder; nothing was written", () => mkdir(dir, { recursive: true }));
  for (const [i, { candidate, kind }] of chosen.entries()) {
    const base = { number: candidate.number, title: candidate.title, kind };
    const used = alreadyUsed(inbox, candidate);
    if (used) {
      outcomes.push({ ...base, skipped: used });
      options.onPicked?.(outcomes.at(-1)!);
      continue;
    }
    const { article, warning } = await articles[i]!;
    const draft = draftItem(candidate, kind, article);
    const written = outcomes.flatMap((outcome) => (outcome.file ? [`written already: ${show(outcome.file)}`] : []));
    const file = await explainFileError(show(path.join(dir, draft.name)), `write the item for candidate ${candidate.number}`, () => writeNewFile(dir, draft.name, draft.content, taken), { details: written });
    outcomes.push({ ...base, file, ...(warning ? { warning } : {}) });
    options.onPicked?.(outcomes.at(-1)!);
  }
  return outcomes;
}

interface ReadArticle {
  article: Article | undefined;
  warning?: string;
}

async function readArticle(url: string, cacheDir: string, settings: Parameters<typeof fetchPage>[1]): Promise<ReadArticle> {
  try {
    const page = await cachedFetch(url, cacheDir, (address) => fetchPage(address, settings));
    const article = extractArticle(page.html, page.url);
    return article ? { article } : { article: undefined, warning: `${url}: no article found on the page; drafted from the inbox` };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { article: undefined, warning: `${error.message}; drafted from the inbox` };
  }
}

/** Writes `name`, or name-2, name-3… when taken: an existing file is never touched. */
async function writeNewFile(dir: string, name: string, content: string, taken: Set<string>): Promise<string> {
  const stem = name.replace(/\.md$/, '');
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? name : `${stem}-${n}.md`);
    if (taken.has(file)) continue;
    try {
      await writeFile(file, content, { flag: 'wx' });
      taken.add(file);
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
