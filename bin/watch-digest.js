#!/usr/bin/env node
// Thin launcher: all behaviour lives in the compiled CLI.
import { main } from '../dist/cli/index.js';

// A reader that stops early (`watch-digest … | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await main(process.argv);
