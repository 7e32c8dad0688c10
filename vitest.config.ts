import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Most files spend their time in the processes they start (the CLI, servers, Chromium), so
    // two files at once keep both cores busy; vitest's default on 2 cores would be one.
    maxWorkers: 2,
    // Each file in a process of its own: tests/helpers/cli.ts runs the CLI in it, working folder and all
    // (worker threads cannot change folder).
    pool: 'forks',
    // Limits that catch a hang, not a deadline: a real process on a busy machine can take seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
