import { defineConfig } from 'vitest/config';

// The consumer test: what a user installs. It packs the publishable
// packages, installs the tarballs into fresh projects outside this
// repository, and runs them there. Minutes, not seconds, so it is its own
// command (`npm run test:consumer`), which .ci/run runs after `npm test`.
export default defineConfig({
  test: {
    globals: true,
    root: import.meta.dirname,
    include: ['*.test.ts'],
    environment: 'node',
    globalSetup: ['./packTarballs.ts', '../support/postgresGlobalSetup.ts'],
    testTimeout: 240_000,
    hookTimeout: 600_000,
    // The two consumer projects each run `npm install`; in parallel they
    // would compete for two cores and npm's cache.
    fileParallelism: false,
  },
});
