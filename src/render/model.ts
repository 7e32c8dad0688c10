import type { Config } from '../config/schema.js';
import type { Issue } from '../issue/types.js';
import { placeholdersFor } from '../issue/placeholders.js';

/** What templates see. Documented in docs/configuration.md ("Templates"); renaming a field breaks users' templates. */
export interface TemplateModel {
  issue: Issue;
  newsletter: {
    name: string;
    tagline: string | null;
    postalAddress: string;
    social: Config['social'];
    viewInBrowserUrl: string | null;
  };
  brand: Config['brand'];
  headings: Config['headings'];
  labels: Config['labels'];
  placeholders: ReturnType<typeof placeholdersFor>;
}

export function buildTemplateModel(issue: Issue, config: Config): TemplateModel {
  return {
    issue,
    newsletter: {
      name: config.name,
      tagline: config.tagline ?? null,
      postalAddress: config.postalAddress,
      social: config.social,
      viewInBrowserUrl: archivePageUrl(config.archiveUrl, issue.week.label),
    },
    brand: config.brand,
    headings: config.headings,
    labels: config.labels,
    placeholders: placeholdersFor(config),
  };
}

/** The web archive's page for a week (see `watch-digest archive`). */
export function archivePageUrl(archiveUrl: string | undefined, week: string): string | null {
  return archiveUrl ? new URL(`${week}/`, archiveUrl.endsWith('/') ? archiveUrl : archiveUrl + '/').href : null;
}
