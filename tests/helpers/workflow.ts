import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as yaml from 'js-yaml';
import { CLI, PROJECT_ROOT, cleanEnv, fixture } from './fixture.js';

const run = promisify(execFile);
export const WORKFLOW = path.join(PROJECT_ROOT, '.github', 'workflows', 'weekly-digest.yml');
/** The folder of the `gh` stand-in (see its header) the job's steps find first on PATH. */
const GITHUB_CLI = path.join(PROJECT_ROOT, 'tests', 'helpers', 'github-cli');

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  'timeout-minutes'?: number;
}

export interface Workflow {
  on: { schedule: Array<{ cron: string }>; workflow_dispatch: { inputs: { week: { default: string } } } };
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: { digest: { env: Record<string, string>; steps: Step[]; 'timeout-minutes': number } };
}

/** This repository's weekly workflow, or the one at `file` (as `init` copied it into a newsletter). */
export async function workflow(file = WORKFLOW): Promise<Workflow> {
  return yaml.load(await readFile(file, 'utf8')) as Workflow;
}

export const commandSteps = (flow: Workflow) => flow.jobs.digest.steps.filter((s) => s.run && !s.run.startsWith('npm ci'));
export const stepNamed = (flow: Workflow, name: string) => flow.jobs.digest.steps.find((s) => s.name === name)!;

/** One checkout of the job, as the runner lays it: the repository at `commit` on branch main, with the CLI installed. */
export async function checkout(remote: string, commit: string): Promise<string> {
  const dir = await fixture({});
  await run('git', ['clone', '-q', remote, dir]);
  await run('git', ['checkout', '-q', '-B', 'main', commit], { cwd: dir });
  await mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  await symlink(CLI, path.join(dir, 'node_modules', '.bin', 'watch-digest'));
  return dir;
}

/**
 * The workflow's command steps run as the runner runs them: each in `bash -eo pipefail`, in the
 * checkout, with the job's environment (test values for the expressions) and what earlier steps
 * exported through GITHUB_ENV.
 */
export async function jobRunner(repo: string, env: NodeJS.ProcessEnv) {
  const temp = await fixture({});
  const githubEnv = path.join(temp, 'github-env');
  await writeFile(githubEnv, '');
  const artifacts = path.join(temp, 'artifacts');
  await mkdir(artifacts);
  const environment = async () => {
    const exported = Object.fromEntries((await readFile(githubEnv, 'utf8')).split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
    // A private repository with no endpoint to pull and no earlier artifacts, unless the test says otherwise.
    const job = { REPOSITORY_PRIVATE: 'true', UNSUBSCRIBE_PULL_URL: 'none', GH_ARTIFACTS: artifacts, GITHUB_REPOSITORY: 'editor/newsletter' };
    return cleanEnv({ GITHUB_ENV: githubEnv, RUNNER_TEMP: temp, DKIM_DOMAIN: '', DKIM_SELECTOR: '', DKIM_PRIVATE_KEY: '', ...job, ...env, ...exported, PATH: `${GITHUB_CLI}${path.delimiter}${process.env.PATH}` });
  };
  const execute = async (script: string) => {
    const child = spawn('bash', ['-eo', 'pipefail', '-c', script], { cwd: repo, env: await environment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, output };
  };
  return {
    exported: async () => (await environment()) as Record<string, string>,
    start: async (step: Step): Promise<ChildProcess> =>
      spawn('bash', ['-eo', 'pipefail', '-c', step.run!], { cwd: repo, env: await environment(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] }),
    run: async (step: Step) => {
      const { code, output } = await execute(step.run!);
      if (code !== 0) throw new Error(`step "${step.name ?? step.run!.slice(0, 40)}" failed (${code}): ${output}`);
      return output;
    },
    /** The ledger saver that "Prepare the ledger saver" wrote, run as the steps run it; its exit code and output. */
    saveLedger: () => execute('bash "$RUNNER_TEMP/save-ledger.sh"'),
    /** Runs a step and returns its exit code and output, failing or not. */
    attempt: (step: Step) => execute(step.run!),
    /** What actions/upload-artifact keeps of "Keep the ledger outside the branch": its folder as a zip, under its name, for `gh` to serve. */
    keepArtifact: async (id: number) => {
      const { WEEK, GH_ARTIFACTS } = (await environment()) as Record<string, string>;
      await run('zip', ['-q', '-r', path.join(GH_ARTIFACTS, `${id}.zip`), '.'], { cwd: path.join(temp, 'ledger-copy') });
      await writeFile(path.join(GH_ARTIFACTS, `${id}.name`), `watch-digest-ledger-${WEEK}`);
    },
  };
}

/** A bare remote holding `files` on main, pushed from an editor's clone; `git` runs as the editor there. */
export async function remoteWith(files: Record<string, string>) {
  return pushedToRemote(await fixture(files));
}

/** The folder `editor` made a repository and pushed to a new bare remote's main, as an editor puts a newsletter on GitHub. */
export async function pushedToRemote(editor: string) {
  const remote = await fixture({});
  await run('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  const git = (...args: string[]) => run('git', ['-c', 'user.name=Editor', '-c', 'user.email=editor@example.com', ...args], { cwd: editor });
  await git('init', '-q', '-b', 'main');
  await git('add', '.');
  await git('commit', '-q', '-m', 'items');
  await git('remote', 'add', 'origin', remote);
  await git('push', '-q', '-u', 'origin', 'main');
  const firstCommit = (await git('rev-parse', 'HEAD')).stdout.trim();
  /** A file on the remote's main, or '' when it has none. */
  const remoteFile = async (file: string) => (await run('git', ['--git-dir', remote, 'show', `main:${file}`]).catch(() => ({ stdout: '' }))).stdout;
  return { remote, editor, git, firstCommit, remoteFile };
}
