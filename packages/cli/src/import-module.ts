/** @module Importing a user's module (an app, a config file): TypeScript through tsx, JavaScript through `import()`. */
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** Imports the module at the absolute `path` and returns its namespace. */
export async function importModule(path: string): Promise<Record<string, unknown>> {
  if (TS_EXTENSIONS.has(extname(path))) {
    // tsx compiles TypeScript on the fly; loaded only when a .ts module is imported.
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}
