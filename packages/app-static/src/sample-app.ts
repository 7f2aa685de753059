/**
 * @module The demo: `staticFiles` over this package's `sample/` folder, with precompressed siblings on.
 * Run it with `npx tsgi serve packages/app-static/src/sample-app.ts`.
 */
import { fileURLToPath } from 'node:url';
import type { Application } from '@tsgi/spec';
import { staticFiles } from './static-files.js';

/** Serves `packages/app-static/sample/` (the path is the same from `src/` and from `dist/`). */
export const app: Application = staticFiles(fileURLToPath(new URL('../sample/', import.meta.url)), {
  precompressed: true,
});

export default app;
