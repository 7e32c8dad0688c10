// What compose writes beside the email (issue.json), and the built issue as one value.
import type { ManifestPlaceholders } from '../issue/placeholders.js';
import type { Issue } from '../issue/types.js';
import type { BuildInputs } from './build-inputs.js';

export interface Manifest {
  week: string;
  start: string;
  end: string;
  date: string;
  subject: string;
  preheader: string;
  items: Issue['sources'];
  sections: { news: number; stateDept: boolean; related: number };
  html: { file: 'issue.html'; bytes: number; sha256: string };
  text: { file: 'issue.txt'; bytes: number; sha256: string };
  /** Where the sample greeting and unsubscribe link stand in the files, for `send` to personalise. */
  placeholders: ManifestPlaceholders;
  /** What went into the build, so `check` and `send` can tell when it is stale. */
  inputs?: BuildInputs;
  /** Warnings about the week's items, for `check` to report. */
  warnings: string[];
}

export interface BuiltIssue {
  mjml: string;
  /** The email as written to issue.html: reads as a reader gets it (sample greeting and unsubscribe link). */
  html: string;
  text: string;
  /** The same two parts with the per-recipient placeholders, as `send` personalises them. */
  template: { html: string; text: string };
  manifest: Manifest;
}
