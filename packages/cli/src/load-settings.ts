/** @module Gathering the settings of a command from its three sources: command line, environment, config file. */
import type { CommandLine } from './command-line.js';
import { findConfigFile, loadConfigFile } from './config-file.js';
import { readEnvironment } from './environment.js';
import { resolveSettings, type ResolvedSettings } from './resolve.js';

/**
 * Reads the environment, loads the config file (`--config`, else `TSGI_CONFIG`, else `tsgi.config.*` in `cwd`
 * when there is one) and resolves the settings.
 *
 * @throws {CliError} for a bad value in any source, or a config file that is missing or does not load.
 */
export async function loadSettings(
  cli: CommandLine,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<ResolvedSettings> {
  const environment = readEnvironment(env);
  const path = cli.given.config ?? environment.given.config ?? findConfigFile(cwd);
  const file = path === null ? null : await loadConfigFile(path, cwd);
  return resolveSettings(cli, environment, file);
}
