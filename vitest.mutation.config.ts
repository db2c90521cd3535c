import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Used only by Stryker (stryker.config.mjs): the pure unit tests, with the workspace packages
// aliased to their source next to this file. Stryker runs in a sandbox copy of the repo whose
// node_modules is a link to the original, so without the alias `@tickflow/contracts` would
// resolve to the unmutated original and every contracts mutant would survive.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@tickflow/contracts': here('./contracts/src/index.ts'),
      '@tickflow/common': here('./common/src/index.ts'),
    },
  },
  test: {
    include: ['{contracts,processor,producer,archiver}/test/unit/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    // Instrumented code (every mutant behind a switch, per-test coverage) runs several times slower.
    testTimeout: 60_000,
    setupFiles: [here('./test/setup/has-assertions.ts')],
  },
});
