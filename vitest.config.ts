import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript sources under the "@tsgi/source" condition, so tests run
// against src/ without a build step (the build is still run first by `npm test`, as a type check).
export default defineConfig({
  resolve: { conditions: ['@tsgi/source'] },
  ssr: { resolve: { conditions: ['@tsgi/source'], externalConditions: ['@tsgi/source'] } },
  test: {
    include: [
      'spec/test/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'conformance/test/**/*.test.ts',
      'docs/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
      'deploy/test/**/*.test.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
