// Around `npm pack` and `npm publish` (prepack: strip, postpack: restore): the packed package.json
// leaves out `prepare`, which builds dist/ in a checkout. npm never runs a tarball's `prepare`,
// but npm 11 lists it among the "install scripts not yet covered by allowScripts" of everyone who
// installs the package (and npm 12 asks them to approve it). The checkout's own package.json is
// put back byte for byte afterwards, also after a pack that failed halfway (the next pack restores
// it first), but never over changes made to it since.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

const file = path.resolve('package.json');
const backup = `${file}.before-pack`;

/** The package.json npm packs: the same, without scripts.prepare. */
function stripped(text) {
  const manifest = JSON.parse(text);
  delete manifest.scripts.prepare;
  return JSON.stringify(manifest, null, 2) + '\n';
}

async function restore() {
  const saved = await readFile(backup, 'utf8').catch((error) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (saved === undefined) return;
  if ((await readFile(file, 'utf8')) !== stripped(saved)) {
    process.stderr.write(`error: package.json changed since it was stripped for packing; its version from before is ${path.basename(backup)}: put back its "prepare" script, then delete that file\n`);
    process.exit(1);
  }
  await rename(backup, file);
}

const step = process.argv[2];
if (step === 'strip') {
  await restore();
  const text = await readFile(file, 'utf8');
  if (JSON.parse(text).scripts?.prepare) {
    await writeFile(backup, text);
    await writeFile(file, stripped(text));
  }
} else if (step === 'restore') {
  await restore();
} else {
  process.stderr.write('usage: node scripts/pack-manifest.mjs strip|restore\n');
  process.exit(2);
}
