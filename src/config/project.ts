import path from 'node:path';
import { findTemplates } from '../shared/paths.js';
import type { Week } from '../shared/week.js';
import type { LoadedConfig } from './load.js';
import { resolveWeek } from './resolve.js';
import { CONFIG_FILE, type Config } from './schema.js';

/** A newsletter folder as every command sees it: its config, its folders, its weeks, and how paths are shown. */
export interface Project {
  /** Where the command runs; paths in messages are shown relative to it. */
  cwd: string;
  config: Config;
  /** The config's folder: its relative paths are resolved against it. */
  root: string;
  /** The config file, or undefined when running on the defaults. */
  configFile: string | undefined;
  /** Absolute `digestsDir`. */
  digestsDir: string;
  now(): Date;
  /** A WEEK argument (`2024-W10`, a date, `this`, `last`) read in the config's time zone. */
  week(arg?: string): Week;
  /** digests/<week>/ */
  weekDir(week: Week): string;
  /** A path from the config (subscribers, suppression file, …), absolute. */
  resolve(configPath: string): string;
  /** A path as messages show it: relative to cwd when inside it, else as it is. */
  show(file: string): string;
  /** The templates this project renders with (its own, or the bundled ones). */
  templatesDir(): Promise<string>;
  /** Where the project keeps its own templates (`templatesDir`, else ./templates), whether or not they exist yet. */
  ownTemplatesDir: string;
}

export function projectOf(loaded: LoadedConfig, cwd: string, now: () => Date = () => new Date()): Project {
  const { config, root } = loaded;
  const digestsDir = path.resolve(root, config.digestsDir);
  let templates: Promise<string> | undefined;
  return {
    cwd,
    config,
    root,
    configFile: loaded.file,
    digestsDir,
    now,
    week: (arg) => resolveWeek(arg, config, now()),
    weekDir: (week) => path.join(digestsDir, week.label),
    resolve: (configPath) => path.resolve(root, configPath),
    show: (file) => showPath(cwd, file),
    templatesDir: () => (templates ??= findTemplates(root, config)),
    ownTemplatesDir: path.resolve(root, config.templatesDir ?? 'templates'),
  };
}

/** Relative to cwd when inside it ("." for cwd itself), else the path as it is (e.g. /dev/zero). */
export function showPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  if (!relative) return file === cwd ? '.' : file;
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** A config field as messages name it: `suppressionFile in watch-digest.config.json`. */
export function describeSetting(project: Pick<Project, 'configFile' | 'show'>, field: string): string {
  return `${field} in ${project.configFile ? project.show(project.configFile) : CONFIG_FILE}`;
}
