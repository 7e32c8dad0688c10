import * as v from 'valibot';

/** One `field: message` line per problem; shared with item front matter. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  // A value can fail several checks that say the same thing (a URL's pattern and its parse): say it once.
  return [...new Set(issues.map((issue) => {
    const field = v.getDotPath(issue) ?? '(top level)';
    if (issue.received === 'undefined' && issue.path?.at(-1)?.origin === 'key') {
      return `${field}: required`;
    }
    if (issue.type === 'strict_object' && issue.expected === 'never' && !issue.message.startsWith('unknown field')) {
      return `${field}: unknown field; check its spelling against the documentation`;
    }
    return `${field}: ${issue.message}`;
  }))];
}
