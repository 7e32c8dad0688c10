import { rm, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture.js';
import { LIVE_DOMAIN, LIVE_SECRET, PULL_SECRET, liveConfig, liveWeek, startEndpoint } from '../helpers/live-project.js';
import { oneClickPost } from '../helpers/endpoint-requests.js';
import { signToken } from '../../src/audience/unsubscribe-token.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { checkout, commandSteps, jobRunner, remoteWith, stepNamed, workflow } from '../helpers/workflow.js';

const READERS = Array.from({ length: 40 }, (_, i) => `reader${i}@mail-${i % 4}.org`);

/** A live newsletter (2024-W10) on a bare remote, as an editor pushed it. */
async function newsletterOnRemote() {
  return remoteWith({
    ...liveWeek('2024-03-06'),
    'subscribers.csv': `email\n${READERS.join('\n')}\n`,
    'watch-digest.config.json': liveConfig(`https://unsubscribe.${LIVE_DOMAIN}/u?token={token}`),
    'package.json': JSON.stringify({ name: 'newsletter', private: true }),
    '.gitignore': 'node_modules/\ndigests/.cache/\ndigests/*/outbox/\ndigests/*/sends*.lock\n',
  });
}

/** Branch protection as the remote sees it: a pre-receive hook that refuses pushes after the first `allowed`. */
async function refusePushes(remote: string, allowed: number) {
  const hook = path.join(remote, 'hooks', 'pre-receive');
  await writeFile(hook, `#!/bin/sh\nn=$(cat pushes 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > pushes\n[ "$n" -le ${allowed} ] && exit 0\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n`);
  await chmod(hook, 0o755);
  return () => rm(hook);
}

/** Runs the job's command steps in order until one fails: the failing step's name and output, or undefined. */
async function runJob(job: Awaited<ReturnType<typeof jobRunner>>, steps: ReturnType<typeof commandSteps>) {
  for (const step of steps) {
    const result = await job.attempt(step);
    if (result.code !== 0) return { name: step.name, output: result.output };
  }
  return undefined;
}

const baseEnv = (smtpUrl: string) => ({ WEEK_INPUT: '2024-03-06', SCHEDULE: '', BRANCH: 'main', SMTP_URL: smtpUrl, UNSUBSCRIBE_SECRET: LIVE_SECRET, SAVE_ATTEMPTS: '1', SEND_RATE: '100' });

describe('the weekly workflow mails nobody unless the ledger can be kept', () => {
  it('against a remote that refuses every push: stops at the proof, nobody mailed', async () => {
    const server = await startSmtpServer();
    const { remote, firstCommit } = await newsletterOnRemote();
    await refusePushes(remote, 0);
    const flow = await workflow();
    const job = await jobRunner(await checkout(remote, firstCommit), baseEnv(server.url));
    const failed = await runJob(job, commandSteps(flow));
    expect(failed?.name).toBe('Prove the ledger can be kept');
    expect(failed?.output).toContain('Ledger saver: could not push to main');
    expect(server.received).toHaveLength(0);
  });

  it('a save refused mid-send stops the send; the next attempt restores the ledger kept as an artifact and mails each reader once', async () => {
    const server = await startSmtpServer();
    const { remote, firstCommit } = await newsletterOnRemote();
    const allow = await refusePushes(remote, 1);
    const flow = await workflow();
    const steps = commandSteps(flow);
    const send = stepNamed(flow, 'Send');
    const shared = await fixture({});
    const env = { ...baseEnv(server.url), SEND_RATE: '4', SAVE_EVERY: '1', GH_ARTIFACTS: shared };

    const first = await jobRunner(await checkout(remote, firstCommit), env);
    expect(await runJob(first, steps.slice(0, steps.indexOf(send)))).toBeUndefined();
    const sending = await first.attempt(send);
    expect(sending.code).not.toBe(0);
    expect(sending.output).toContain('The ledger could not be pushed to main: stopping the send');
    const mailedFirst = server.received.length;
    expect(mailedFirst).toBeGreaterThan(0);
    expect(mailedFirst).toBeLessThan(READERS.length);
    // The steps that run always: the ledger is gathered and kept as an artifact; the commit is refused.
    await first.run(stepNamed(flow, 'Gather the ledger to keep outside the branch'));
    await first.keepArtifact(1);
    expect((await first.attempt(flow.jobs.digest.steps.at(-1)!)).code).not.toBe(0);

    // The branch lets the workflow push again; a re-run starts from the first commit, which has no ledger.
    await allow();
    const again = await jobRunner(await checkout(remote, firstCommit), { ...env, SEND_RATE: '100' });
    const failed = await runJob(again, steps);
    expect(failed).toBeUndefined();
    const counts = server.counts();
    expect([...counts.keys()].sort()).toEqual([...READERS].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 180_000);

  it('refuses to send when the artifacts cannot be asked for', async () => {
    const server = await startSmtpServer();
    const { remote, firstCommit } = await newsletterOnRemote();
    const job = await jobRunner(await checkout(remote, firstCommit), { ...baseEnv(server.url), GH_UNREACHABLE: '1' });
    const failed = await runJob(job, commandSteps(await workflow()));
    expect(failed?.name).toBe('Restore the ledger kept outside the branch');
    expect(failed?.output).toContain('nothing is sent');
    expect(server.received).toHaveLength(0);
  });
});

describe('the weekly workflow before sending', () => {
  it('stops in a public repository (or when GitHub does not say it is private), naming why', async () => {
    const server = await startSmtpServer();
    const { remote, firstCommit } = await newsletterOnRemote();
    const flow = await workflow();
    expect(flow.jobs.digest.env.REPOSITORY_PRIVATE).toBe('${{ github.event.repository.private }}');
    for (const visibility of ['false', '']) {
      const job = await jobRunner(await checkout(remote, firstCommit), { ...baseEnv(server.url), REPOSITORY_PRIVATE: visibility });
      const failed = await runJob(job, commandSteps(flow));
      expect(failed?.name).toBe('Refuse a public repository');
      expect(failed?.output).toContain("it holds your readers' addresses");
    }
    expect(server.received).toHaveLength(0);
  });

  it('pulls the endpoint before sending: its readers are skipped; no pull address, or an endpoint that is down, stops the job', async () => {
    const server = await startSmtpServer();
    const { remote, firstCommit, remoteFile } = await newsletterOnRemote();
    const flow = await workflow();
    const steps = commandSteps(flow);
    const pullEnv = { ...baseEnv(server.url), UNSUBSCRIBE_PULL_SECRET: PULL_SECRET };
    for (const [url, reason] of [['', 'Set the repository variable UNSUBSCRIBE_PULL_URL'], ['http://127.0.0.1:9/requests', 'cannot reach the unsubscribe endpoint']] as const) {
      const job = await jobRunner(await checkout(remote, firstCommit), { ...pullEnv, UNSUBSCRIBE_PULL_URL: url });
      const failed = await runJob(job, steps);
      expect(failed?.name).toBe('Pull the one-click unsubscribe requests');
      expect(failed?.output).toContain(reason);
    }
    expect(server.received).toHaveLength(0);

    const endpoint = await startEndpoint(await fixture({}));
    const leaving = [READERS[3]!, READERS[17]!];
    for (const reader of leaving) expect((await oneClickPost(`${endpoint.url}/unsubscribe?token=${signToken(reader, LIVE_SECRET)}`)).status).toBe(200);
    const job = await jobRunner(await checkout(remote, firstCommit), { ...pullEnv, UNSUBSCRIBE_PULL_URL: `${endpoint.url}/requests` });
    expect(await runJob(job, steps)).toBeUndefined();
    expect([...server.counts().keys()].sort()).toEqual(READERS.filter((r) => !leaving.includes(r)).sort());
    expect(await remoteFile('unsubscribed.csv')).toContain(`${READERS[3]},unsubscribed`);
    expect(await remoteFile('unsubscribe-pulls.jsonl')).toContain('"added":2');
  });
});
