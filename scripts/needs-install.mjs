// `npm run build` (and so `npm pack` in a checkout) compiles the TypeScript sources, which needs the
// development dependencies: in a fresh clone, say so instead of npm's "tsc: not found" (exit 127).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const missing = ['typescript', 'esbuild'].filter((name) => {
  try {
    require.resolve(`${name}/package.json`);
    return false;
  } catch {
    return true;
  }
});
if (missing.length > 0) {
  process.stderr.write(
    `error: watch-digest is built from its TypeScript sources, and ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed here\n` +
      'hint: Run `npm install` (or `npm ci`) in this folder first; it builds dist/ too. Then `npm pack` makes the package.\n',
  );
  process.exit(1);
}
