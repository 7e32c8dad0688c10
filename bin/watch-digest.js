#!/usr/bin/env node
// Thin launcher: all behaviour lives in the compiled CLI.
import { main } from '../dist/cli/index.js';

process.exitCode = await main(process.argv);
