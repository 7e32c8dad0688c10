// `npm run build`, after tsc: bundles what compose and check run (dist/engine/engine.js, with mjml and every other
// dependency) into one CommonJS file, dist/engine.cjs. The CLI loads it with a V8 code cache
// (src/engine/load-bundle.ts): Node 20 cannot code-cache ES modules, and resolving and compiling
// ~1000 small files used to cost more than rendering the issue.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const outfile = path.join(dist, 'engine.cjs');

/**
 * Packages left out of the bundle, each for an API that compose and check never call: mjml's
 * minify and beautify options, juice's resource inlining, cheerio's URL, buffer and stream loaders.
 * A stub stands in for each; calling anything on it throws WATCH_DIGEST_NOT_BUNDLED, and
 * src/render/mjml.ts then renders with the complete mjml from node_modules instead.
 * Only the importers listed may use them: anything else importing one fails the build.
 */
const LEFT_OUT = {
  undici: ['cheerio'],
  'encoding-sniffer': ['cheerio'],
  'parse5-parser-stream': ['cheerio'],
  htmlnano: ['mjml-core'],
  'cssnano-preset-lite': ['mjml-core'],
  'js-beautify': ['mjml-core'],
  'web-resource-inliner': ['juice'],
};

const stubs = {
  name: 'left-out-packages',
  setup(build) {
    const names = Object.keys(LEFT_OUT).map((n) => n.replace(/[-/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'left-out' }));
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      loader: 'js',
      contents: `
        const notBundled = (name) => function () {
          const error = new Error(name + ' is left out of watch-digest\\'s engine bundle');
          error.code = 'WATCH_DIGEST_NOT_BUNDLED';
          throw error;
        };
        module.exports = new Proxy(notBundled(${JSON.stringify(args.path)}), {
          get(target, key) {
            if (key === '__esModule' || key === 'then') return undefined;
            if (key === 'default') return module.exports;
            if (typeof key === 'symbol') return target[key];
            return notBundled(${JSON.stringify(args.path)} + '.' + key);
          },
        });`,
    }));
  },
};

/** Our own modules keep their import.meta.url: the URL of the file tsc wrote, found from the bundle's place at run time. */
const importMetaUrl = {
  name: 'import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist + path.sep)) return undefined;
      const contents = await readFile(args.path, 'utf8');
      if (!contents.includes('import.meta.url')) return undefined;
      const relative = path.relative(dist, args.path).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(relative)}, require("node:url").pathToFileURL(__filename)).href`;
      return { loader: 'js', contents: contents.replace(/\bimport\.meta\.url\b/g, url) };
    });
  },
};

/**
 * js-yaml 3 (under gray-matter) loads esprima, for its `!!js/function` type, through an alias of
 * `require` that bundlers cannot see; at run time that meant compiling all of esprima without a
 * code cache. That type is never wanted: items are read with js-yaml 5's CORE schema, and code in
 * front matter is refused (src/items/parse-item.ts). js-yaml 3 copes with esprima being absent
 * (the type then matches nothing), so the bundle leaves it out.
 */
const esprimaLeftOut = {
  name: 'esprima-left-out',
  setup(build) {
    build.onLoad({ filter: /[\\/]js-yaml[\\/]lib[\\/]js-yaml[\\/]type[\\/]js[\\/]function\.js$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      const aliased = /var _require = require;\s*esprima = _require\('esprima'\);/;
      if (!aliased.test(contents)) throw new Error(`${args.path}: js-yaml no longer loads esprima as expected; update scripts/build-engine.mjs`);
      return { loader: 'js', contents: contents.replace(aliased, "throw new Error('esprima is left out of the engine bundle');") };
    });
  },
};

const result = await esbuild.build({
  entryPoints: [path.join(dist, 'engine', 'engine.js')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  plugins: [stubs, importMetaUrl, esprimaLeftOut],
  // jsonc-parser's "main" is a UMD build whose requires sit inside a factory esbuild cannot follow;
  // its ES module build bundles like any other (Node, without the bundle, loads the UMD one fine).
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  metafile: true,
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'error' },
  legalComments: 'eof',
  // Smaller source parses faster on a run without a code cache; names are kept for stack traces
  // and for any code that reads a function's or class's name.
  minify: !process.env.NO_MINIFY,
  keepNames: !process.env.NO_MINIFY,
});

const problems = [];
for (const [file, input] of Object.entries(result.metafile.inputs)) {
  for (const imported of input.imports) {
    if (imported.kind === 'dynamic-import' && imported.external) problems.push(`${file}: import('${imported.path}') cannot run in a code-cached script`);
    if (!imported.path.startsWith('left-out:')) continue;
    const name = imported.path.slice('left-out:'.length);
    const importer = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/)?.[1];
    if (!LEFT_OUT[name].includes(importer)) problems.push(`${file} imports ${name}, which is left out of the bundle (scripts/build-engine.mjs, LEFT_OUT)`);
  }
}
if (problems.length) {
  console.error(`build-engine: ${problems.join('\n  ')}`);
  process.exit(1);
}
const { size } = await stat(outfile);
console.log(`dist/engine.cjs: ${(size / 1e6).toFixed(1)} MB from ${Object.keys(result.metafile.inputs).length} files`);
