import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fetchSettings } from '../config/resolve.js';
import { openProject } from './open-project.js';
import { UsageError, UserError } from '../shared/errors.js';
import { explainFileError } from '../shared/output-dir.js';
import type { ItemKind } from '../items/item.js';
import type { Article } from '../scrape/extract-article.js';
import type { FetchOptions } from '../web/fetch-page.js';
import { htmlToMarkdown, itemText, slug } from '../scrape/item-text.js';
import { escapeMarkdown } from '../scrape/plain-text.js';
import { fetchArticle } from '../scrape/fetch-article.js';
import { firstSentences, newsBullet, outletFor } from '../scrape/news-bullet.js';
import { isDayInWeek, parseCalendarDate, today, type Week } from '../shared/week.js';
import { sentWeekNote } from '../send/sent-build.js';
import { exists } from '../shared/exists.js';

export interface AddOptions {
  cwd: string;
  url: string;
  kind?: ItemKind;
  date?: string;
  /** The week whose folder the items go in (default: a related read's this week, others the week of their date). */
  week?: string;
  /** Read a roundup page into a whole week of items. */
  import?: boolean;
  configFile?: string;
  now?: Date;
  fetch?: FetchOptions['fetch'];
}

export interface AddResult {
  files: string[];
  week: string;
  /** The items' `date:` (a related read keeps its article's, which may lie outside `week`). */
  date: string;
  article: Article;
  /** What the editor should know: e.g. the page had no article text for the item's body. */
  warnings: string[];
}

/**
 * Scrapes a page into markdown items (design.md format) under digests/<week>/, for the editor
 * to review. Never overwrites: an existing file with the same name stops it before anything is written.
 */
export async function addItem(options: AddOptions): Promise<AddResult> {
  if (options.date && !parseCalendarDate(options.date)) throw new UsageError(`--date "${options.date}" is not a date`, 'Use YYYY-MM-DD.');
  // Like init, add creates what it needs: digests/<week>/ in the current folder, on the defaults when there is no config.
  const project = await openProject({ ...options, needsNewsletter: false });
  const { config, show } = project;
  const article = await fetchArticle(options.url, { ...fetchSettings(config), ...(options.fetch ? { fetch: options.fetch } : {}) });
  const kind = options.kind ?? 'news';
  const articleDate = articleDay(article.date, config.timeZone);
  const todayDate = today(project.now(), config.timeZone);
  const { date, week } = placeItem(kind === 'related' && !options.import, options, articleDate, project.week, todayDate);
  const dir = project.weekDir(week);

  if (!options.import && !article.title && (kind === 'lead' || kind === 'related')) {
    throw new UserError(`${article.url}: the page states no title, which a ${kind} item needs; nothing was written`, { hint: 'Write the item by hand, or add it as --kind news.' });
  }
  const outlet = outletFor(article.url, config.sources, article.site);
  const files = options.import ? roundupItems(article, date) : [singleItem(article, kind, date, outlet)];
  const warnings: string[] = [];
  if (articleDate && date !== articleDate && !options.date && (kind !== 'related' || options.import)) {
    const day = date === todayDate ? "today's date" : "the week's publish day";
    warnings.push(`${article.url} is dated ${articleDate}, outside ${week.label} (${week.start} to ${week.end}): the item is dated ${date} (${day}) so that it belongs to ${week.label}; a related read keeps its article's date (--kind related)`);
  }
  if (!options.import && !files[0]!.body && kind !== 'related') {
    warnings.push(`${article.url} has no article text: write the item's ${kind === 'lead' ? 'body' : 'text'} yourself before composing`);
  }
  const sent = await sentWeekNote(dir, show(dir), week.label);
  if (sent) warnings.push(`${sent}; pass --week to file this item in another week`);
  const targets = files.map((file) => ({ ...file, path: path.join(dir, file.name) }));
  for (const target of targets) {
    if (await exists(target.path)) {
      throw new UserError(`${show(target.path)} already exists; nothing was written`, { hint: 'Edit that file, or move it away and run add again.' });
    }
  }
  await explainFileError(show(dir), "create the week's folder; nothing was written", () => mkdir(dir, { recursive: true }));
  const written: string[] = [];
  for (const target of targets) {
    // 'wx' keeps the promise even against a file that appeared since the check.
    await explainFileError(show(target.path), `write the item${written.length ? '' : '; nothing was written'}`, () => writeFile(target.path, target.content, { flag: 'wx' }), {
      details: written.map((file) => `written already: ${show(file)}`),
    });
    written.push(target.path);
  }
  return { files: targets.map((t) => t.path), week: week.label, date, article, warnings };
}

/**
 * The item's date and the week whose folder it goes in. A related read keeps its article's date
 * (an older piece is still this week's read: the folder decides); any other item belongs to the
 * week of its date, so with --week it is dated in that week.
 */
function placeItem(
  related: boolean,
  options: Pick<AddOptions, 'date' | 'week'>,
  articleDate: string | undefined,
  resolve: (week: string | undefined) => Week,
  todayDate: string,
): { date: string; week: Week } {
  // --date picks the week for a related read too (as for any item); --week wins when both are given.
  if (related) return { date: options.date ?? articleDate ?? todayDate, week: resolve(options.week ?? options.date) };
  if (options.week === undefined) {
    const date = options.date ?? articleDate ?? todayDate;
    return { date, week: resolve(date) };
  }
  const week = resolve(options.week);
  if (options.date && !isDayInWeek(options.date, week)) {
    throw new UsageError(`--date ${options.date} is outside --week ${week.label} (${week.start} to ${week.end})`, 'Only a related read keeps a date outside its week; drop one of the two.');
  }
  const inWeek = [options.date, articleDate, todayDate].find((day) => day !== undefined && isDayInWeek(day, week));
  return { date: inWeek ?? week.publishDate, week };
}

interface ItemFile {
  name: string;
  content: string;
  body?: string;
}

function singleItem(article: Article, kind: ItemKind, date: string, outlet: string): ItemFile {
  const body = kind === 'lead' ? article.paragraphs.map((p) => htmlToMarkdown(p)).join('\n\n') : kind === 'related' ? '' : newsText(article, outlet);
  const fields = {
    kind,
    date,
    ...((kind === 'lead' || kind === 'related') && article.title ? { title: article.title } : {}),
    ...(article.dek && (kind === 'lead' || kind === 'related') ? { dek: article.dek } : {}),
    ...(article.author && kind === 'lead' ? { author: article.author } : {}),
    // A State Department note shows no link of its own (compose would warn that its url is ignored).
    ...(kind !== 'state-dept' ? { url: article.url } : {}),
    ...(kind === 'news' ? { source: outlet } : {}),
    ...(article.image && (kind === 'lead' || kind === 'related') ? { image: article.image } : {}),
  };
  return { name: `${kind}-${slug(article.title)}.md`, content: itemText(fields, body), body };
}

/**
 * A news item's text in the house style `pick` drafts too: the page's summary (plain text), else
 * its first paragraph, then ", according to [Outlet](link)." A page with no text gets none.
 */
function newsText(article: Article, outlet: string): string {
  const gist = article.dek ? escapeMarkdown(firstSentences(article.dek)) : article.paragraphs[0] ? htmlToMarkdown(article.paragraphs[0]) : '';
  return gist ? newsBullet(gist, [{ outlet, url: article.url }]) : '';
}

function roundupItems(article: Article, date: string): ItemFile[] {
  const sections = article.sections;
  if (!sections) {
    throw new UserError(`${article.url}: not a roundup page: no "In other diplomatic news…" section`, { hint: 'Use `watch-digest add <url>` without --import for a single article.' });
  }
  const files: ItemFile[] = [
    {
      name: `lead-${slug(article.title)}.md`,
      content: itemText(
        { kind: 'lead', date, title: article.title, ...(article.dek ? { dek: article.dek } : {}), ...(article.author ? { author: article.author } : {}), url: article.url },
        sections.lead.map((p) => htmlToMarkdown(p)).join('\n\n'),
      ),
    },
  ];
  sections.news.forEach((bullet, i) => {
    const fields = { kind: 'news', date, ...(i === 0 ? { heading: sections.newsHeading } : {}) };
    files.push({ name: `news-${String(i + 1).padStart(2, '0')}.md`, content: itemText(fields, htmlToMarkdown(bullet)) });
  });
  if (sections.stateDept.length) {
    const fields = { kind: 'state-dept', date, ...(sections.stateDeptHeading ? { heading: sections.stateDeptHeading } : {}) };
    files.push({ name: 'state-dept.md', content: itemText(fields, sections.stateDept.map((p) => htmlToMarkdown(p)).join('\n\n')) });
  }
  return files;
}

/** The calendar day of the article's date in the newsletter's time zone. */
function articleDay(date: string | undefined, timeZone: string): string | undefined {
  if (!date) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const parsed = new Date(date);
  return Number.isNaN(parsed.getTime()) ? undefined : today(parsed, timeZone);
}
