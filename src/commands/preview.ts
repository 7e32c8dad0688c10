import path from 'node:path';
import { itemFindings } from '../check/item-findings.js';
import { runPreflight } from '../check/run-preflight.js';
import { CONFIG_FILE } from '../config/schema.js';
import { startPreviewServer, type PreviewBuild, type PreviewServer } from '../preview/server.js';
import { BUNDLED_TEMPLATES } from '../shared/paths.js';
import { buildIssue } from './compose.js';
import { openProject } from './open-project.js';

export interface PreviewOptions {
  cwd: string;
  configFile?: string;
  week?: string;
  port?: number;
  env: NodeJS.ProcessEnv;
  /** Told after every rebuild: `error` is set when compose failed. */
  onRebuild?: (result: { version: number; hasBuild: boolean; error?: string; warnings: string[] }) => void;
}

const SAMPLE_READER = { email: 'reader@example.org', name: '' };

/**
 * Serves the week's issue and rebuilds it in memory (nothing is written) whenever an item, a
 * template or the config changes.
 */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const project = await openProject(options);
  const { root } = project;
  const week = project.week(options.week).label;
  const build = async (): Promise<PreviewBuild> => {
    const result = await buildIssue({ cwd: options.cwd, week, ...(options.configFile ? { configFile: options.configFile } : {}) });
    const secret = options.env.UNSUBSCRIBE_SECRET ?? 'preview';
    const { manifest } = result.built;
    // The parts as compose writes them: a sample greeting and unsubscribe link, no placeholders.
    return {
      html: result.built.html,
      subject: manifest.subject,
      preheader: manifest.preheader,
      from: `${result.config.from.name ?? result.config.name} <${result.config.from.address}>`,
      text: result.built.text,
      findings: [...itemFindings(manifest), ...(await runPreflight({ manifest, ...result.built.template }, result.config, SAMPLE_READER, secret, new Date()))],
      warnings: result.warnings,
    };
  };
  return startPreviewServer({
    week,
    port: options.port ?? 4300,
    build,
    // The project's templates folder is watched even before it exists, and the bundled ones too.
    watch: {
      dirs: [project.digestsDir, project.ownTemplatesDir, BUNDLED_TEMPLATES],
      files: [project.configFile ?? path.join(root, CONFIG_FILE)],
    },
    debug: Boolean(options.env.WATCH_DIGEST_DEBUG),
    ...(options.onRebuild ? { onRebuild: options.onRebuild } : {}),
  });
}
