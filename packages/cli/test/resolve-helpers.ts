// Resolves settings from a command line, environment variables and a config file's default export, all as values.
import { readCommandLine } from '../src/command-line.js';
import { checkConfig } from '../src/config-file.js';
import { readEnvironment } from '../src/environment.js';
import { CliError } from '../src/errors.js';
import { resolveSettings, type ResolvedSettings } from '../src/resolve.js';

/** Where the config file of these tests claims to be. */
export const FILE = '/srv/site/tsgi.config.ts';

/** The three sources; each may be left out. */
export interface Sources {
  argv?: string[];
  env?: Record<string, string>;
  file?: Record<string, unknown>;
}

/** What `tsgi serve` would resolve from these sources. */
export function resolve({ argv = [], env = {}, file }: Sources): ResolvedSettings {
  const config = file === undefined ? null : { path: FILE, given: checkConfig(FILE, file) };
  return resolveSettings(readCommandLine(argv), readEnvironment(env), config);
}

/** The CliError resolving these sources throws (fails the test when there is none). */
export function failure(sources: Sources): CliError {
  try {
    resolve(sources);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error(`resolved without an error: ${JSON.stringify(sources)}`);
}
