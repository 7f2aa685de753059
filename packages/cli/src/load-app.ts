/** @module Loads an app from `path/to/module.ts[:export]`: TypeScript through tsx, JavaScript through `import()`. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Application } from '@tsgi/spec';
import { CliError } from './errors.js';
import { importModule } from './import-module.js';

/**
 * Splits `file.ts:name` into the file and the export name (a Windows drive letter is not an export).
 *
 * @prop __type.file The module path, as given (`loadApp` resolves a relative one against its `cwd`).
 * @prop __type.exportName The export after the last `:`, or `null` when none is named (then `default`, else `app`).
 */
export function parseAppSpecifier(specifier: string): { file: string; exportName: string | null } {
  const colon = specifier.lastIndexOf(':');
  if (colon > 1 && !specifier.slice(colon + 1).includes('/')) {
    return { file: specifier.slice(0, colon), exportName: specifier.slice(colon + 1) || null };
  }
  return { file: specifier, exportName: null };
}

/** Loads the app; throws {@link CliError} for a missing file, a failing module, or a missing export. */
export async function loadApp(specifier: string, cwd: string = process.cwd()): Promise<Application> {
  const { file, exportName } = parseAppSpecifier(specifier);
  const path = resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new CliError('TSGI_CLI_NO_FILE', `cannot find the app module ${file} (looked at ${path})`);
  }
  let module: Record<string, unknown>;
  try {
    module = await importModule(path);
  } catch (error) {
    throw new CliError('TSGI_CLI_LOAD', `cannot load ${file}: ${(error as Error).message ?? String(error)}`, error);
  }
  // tsx may wrap CommonJS-style output: look through a nested default as well.
  const candidates = exportName !== null ? [exportName] : ['default', 'app'];
  for (const name of candidates) {
    const value = module[name];
    if (typeof value === 'function') return value as Application;
    if (value !== undefined && exportName !== null) {
      throw new CliError('TSGI_CLI_NOT_AN_APP', `${file}: export "${name}" is a ${typeof value}, not an app function`);
    }
  }
  const names = Object.keys(module).join(', ') || '(none)';
  const wanted = exportName !== null ? `an export named "${exportName}"` : 'a default export or an export named "app"';
  throw new CliError('TSGI_CLI_NO_EXPORT', `${file} has no app: expected ${wanted}; its exports: ${names}`);
}
