/**
 * @module The config file: a TypeScript or JavaScript module (`tsgi.config.ts`, `.js` or `.mjs`) whose default
 * export is a {@link TsgiConfig}. A module rather than TOML or JSON: it is typed (an editor checks it against
 * `TsgiConfig`), it takes comments, it needs no parser, and tsx already loads TypeScript apps.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { closest } from './environment.js';
import { named, type Given } from './command-line.js';
import { CliError } from './errors.js';
import { importModule } from './import-module.js';
import { parseAppSpecifier } from './load-app.js';
import { InvalidValue } from './option-kinds.js';
import { OPTION_KEYS, OPTIONS, type Settings, type TsgiConfig } from './options.js';

/** The names looked for in the current directory when no config file is named, in this order. */
export const CONFIG_FILE_NAMES = ['tsgi.config.ts', 'tsgi.config.js', 'tsgi.config.mjs'] as const;

/** A loaded config file: where it is and the options it sets. */
export interface ConfigFile {
  /** Absolute path of the file. */
  path: string;
  /** The options it sets, checked, with relative file paths made absolute. */
  given: Given;
}

/** Options naming files, which a config file gives relative to itself. */
const FILE_OPTIONS = new Set<keyof Settings>(['tlsCert', 'tlsKey']);

function configError(message: string, cause?: unknown): CliError {
  return new CliError('TSGI_CLI_CONFIG', message, cause);
}

/**
 * The config file in `cwd`, or `null` when there is none.
 *
 * @throws {CliError} `TSGI_CLI_CONFIG` when there are several (which one was meant is not clear).
 */
export function findConfigFile(cwd: string): string | null {
  const found = CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).filter((path) => existsSync(path));
  if (found.length > 1) throw configError(`several config files: ${found.join(', ')}; keep one or name it with --config`);
  return found[0] ?? null;
}

/**
 * Imports the config file at `file` (relative to `cwd`) and checks it with {@link checkConfig}.
 *
 * @throws {CliError} `TSGI_CLI_CONFIG` when the file is missing, fails to load, has no default export object, or
 *   has an unknown key or a value of the wrong type (naming the file and the key).
 */
export async function loadConfigFile(file: string, cwd: string = process.cwd()): Promise<ConfigFile> {
  const path = resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw configError(`cannot find the config file ${file} (looked at ${path})`);
  }
  let module: Record<string, unknown>;
  try {
    module = await importModule(path);
  } catch (error) {
    throw configError(`cannot load the config file ${path}: ${(error as Error).message ?? String(error)}`, error);
  }
  let config = module['default'];
  // A .ts file outside an ES-module package is compiled to CommonJS by tsx: its export default is then nested.
  if (typeof config === 'object' && config !== null && (config as { __esModule?: unknown }).__esModule === true) {
    config = (config as { default?: unknown }).default;
  }
  return { path, given: checkConfig(path, config) };
}

/**
 * Checks the default export of the config file at `path` against the option table; makes `app`, `tlsCert` and
 * `tlsKey` absolute (relative to the file's directory).
 *
 * @throws {CliError} `TSGI_CLI_CONFIG` naming the file and the key.
 */
export function checkConfig(path: string, config: unknown): Given {
  if (config === undefined) {
    throw configError(`${path} has no default export; write \`export default defineConfig({ ... })\``);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw configError(`${path}: the default export must be an object of options, got ${Array.isArray(config) ? 'an array' : typeof config}`);
  }
  const keys = OPTION_KEYS.filter((key) => !OPTIONS[key].notInFile);
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (!(keys as string[]).includes(key)) {
      const hint = key === 'config' ? ' (a config file cannot name another)' : didYouMean(key, keys);
      throw configError(`${path}: unknown option "${key}"${hint}`);
    }
    if (value === undefined) continue;
    const option = key as keyof TsgiConfig;
    let checked: unknown;
    try {
      checked = OPTIONS[option].kind.fromValue(value);
    } catch (error) {
      if (error instanceof InvalidValue) throw configError(`${path}: ${named(option, error)}`);
      throw error;
    }
    given[option] = relativeToFile(option, checked, path);
  }
  return given as Given;
}

function didYouMean(key: string, keys: readonly string[]): string {
  const suggestion = closest(key, keys);
  return suggestion === null ? '' : ` (did you mean "${suggestion}"?)`;
}

function relativeToFile(key: keyof Settings, value: unknown, path: string): unknown {
  if (key === 'app') {
    const { file, exportName } = parseAppSpecifier(value as string);
    return resolve(dirname(path), file) + (exportName === null ? '' : `:${exportName}`);
  }
  return FILE_OPTIONS.has(key) ? resolve(dirname(path), value as string) : value;
}
