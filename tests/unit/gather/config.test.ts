import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { UserError } from '../../../src/shared/errors.js';
import { resolveSources, STATE_DEPT_BRIEFINGS_URL, STATE_DEPT_SELECTORS } from '../../../src/gather/sources.js';

function problems(data: unknown): string[] {
  try {
    parseConfig(data);
  } catch (error) {
    return [...(error as UserError).details];
  }
  throw new Error('expected the config to be rejected');
}

describe('sources and filters in the config', () => {
  it('default to none', () => {
    expect(parseConfig({})).toMatchObject({ sources: [], filters: { include: [], exclude: [] } });
  });

  it('name each wrong field and what it needs', () => {
    expect(
      problems({
        sources: [
          { url: 'https://example.org/feed.xml' },
          { outlet: 'Site', type: 'listing', url: 'https://example.org/' },
          { outlet: 'Wire', url: 'ftp://example.org/feed' },
          { type: 'state-dept', kind: 'news' },
          { outlet: 'Wire', url: 'https://example.org/f', kind: 'state-dept' },
          { outlet: 'Wire', url: 'https://example.org/f', listing: { entries: 'li' } },
          { outlet: 'Wire', url: 'https://example.org/f', include: ['...'], exlude: ['x'] },
          { outlet: 'Wire', type: 'rss', url: 'https://example.org/f' },
          { type: 'state-dept', include: ['Ukraine'] },
        ],
        filters: { include: 'Ukraine' },
      }),
    ).toEqual([
      'sources.0.outlet: required: the name to cite, as in "according to <outlet>"',
      'sources.1.listing: required for a listing page: at least {"entries": "<CSS selector of each entry>"}',
      'sources.2.url: expected an absolute http(s) URL',
      'sources.3.kind: a "state-dept" source drafts the State Department note; leave out "kind"',
      'sources.4.kind: only a "type": "state-dept" source drafts the State Department note; use news, lead or related',
      'sources.5.listing: only for "type": "listing" sources; a feed needs no selectors',
      'sources.6.include.0: expected a word or phrase with letters or digits',
      'sources.6.exlude: unknown field; did you mean "exclude"?',
      'sources.7.type: expected one of feed, listing, state-dept',
      'sources.8.include: a "state-dept" source lists every briefing of the week, so topic filters do not apply to it; leave this out',
      'filters.include: expected a list of words or phrases, e.g. ["Ukraine", "sanction*"]',
    ]);
  });

  it('fill in the State Department preset, and let its URL and selectors be changed', () => {
    const config = parseConfig({
      sources: [
        { type: 'state-dept' },
        { type: 'state-dept', outlet: 'State', url: 'https://mirror.example/briefings/', listing: { entries: 'li.item', dateFormat: 'MM/dd/yyyy' } },
        { outlet: 'Institute', type: 'listing', kind: 'related', url: 'https://i.example/', listing: { entries: 'article', date: 'url' } },
      ],
    });
    const [preset, mirror, listing] = resolveSources(config);
    expect(preset).toMatchObject({ index: 0, type: 'state-dept', outlet: 'State Department', url: STATE_DEPT_BRIEFINGS_URL, kind: 'state-dept', listing: STATE_DEPT_SELECTORS });
    expect(mirror).toMatchObject({ outlet: 'State', url: 'https://mirror.example/briefings/', listing: { ...STATE_DEPT_SELECTORS, entries: 'li.item' }, dateFormat: 'MM/dd/yyyy' });
    expect(listing).toMatchObject({ type: 'listing', kind: 'related', listing: { entries: 'article', date: 'url' } });
    expect(STATE_DEPT_BRIEFINGS_URL).toBe('https://www.state.gov/department-press-briefings/');
  });
});
