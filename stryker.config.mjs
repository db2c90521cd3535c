// @ts-check
import process from 'node:process';
// Mutation testing of the pure code (issue 16). Run with `npm run mutation` (scripts/mutation.ts
// runs Stryker once per pure directory and prints the score table); never part of `npm test`.
// scripts/mutation.ts names each directory's run, so runs can go side by side without sharing
// a report file or a sandbox folder.
const run = process.env.TICKFLOW_MUTATION_RUN ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  // Overridden per directory by scripts/mutation.ts; this default is every pure directory.
  mutate: [
    'contracts/src/**/*.ts',
    'processor/src/core/**/*.ts',
    'producer/src/**/core/**/*.ts',
    'archiver/src/core/**/*.ts',
    '!**/index.ts',
  ],
  // 2 cores shared by the whole team: one test runner at a time.
  concurrency: 1,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${run}.json` },
  incrementalFile: `reports/incremental/${run}.json`,
  tempDirName: `.stryker-tmp/${run}`,
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['.stryker-tmp', 'dist', 'bench/out', '.tickflow', 'reports', 'grafana', 'influxdb', 'docs', 'bench'],
};
