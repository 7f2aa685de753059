/**
 * Runs only the docs tests (`npx vitest run --config docs/vitest.config.ts`), with the root config's settings.
 * The root `npm test` runs them too once its include lists `docs/test/**\/*.test.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import root from '../vitest.config.js';

export default defineConfig({
  ...root,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: { ...root.test, include: ['docs/test/**/*.test.ts'] },
});
