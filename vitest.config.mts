import { configDefaults, defineConfig } from 'vitest/config';

// One test command for the whole workspace. Two projects: code that runs on
// the server (node) and code that must also run in a browser (jsdom). The
// isomorphic common package runs in both, which is what proves it isomorphic.
export default defineConfig({
  test: {
    globals: true,
    setupFiles: ['test/support/vitestSetup.ts'],
    // Backend tests start real backends, databases and simulators.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // One PostgreSQL for the run: the embedded one, unless a variable names a server.
          globalSetup: ['test/support/postgresGlobalSetup.ts'],
          include: [
            'plugins/argo-pulse-common/src/**/*.test.ts',
            'plugins/argo-pulse-backend/src/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          // Installs packed tarballs for minutes: its own command, npm run test:consumer.
          exclude: [...configDefaults.exclude, 'test/consumer/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          setupFiles: ['test/support/jsdomSetup.ts'],
          // Node's ESM loader rejects this dependency of plugin-catalog-react (a directory import).
          server: { deps: { inline: ['material-ui-popup-state'] } },
          include: [
            'plugins/argo-pulse-common/src/**/*.test.ts',
            'plugins/argo-pulse/src/**/*.test.{ts,tsx}',
          ],
        },
      },
    ],
  },
});
