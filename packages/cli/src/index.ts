/**
 * The `tsgi` command as a library (for tests and embedding), and the types of its config file.
 *
 * @module @tsgi/cli
 */
export { main } from './main.js';
export { loadApp, parseAppSpecifier } from './load-app.js';
export { CliError } from './errors.js';
export { defineConfig, OPTIONS, flagOf, envOf, type TsgiConfig, type Settings, type OptionDefinition } from './options.js';
export { InvalidValue, type OptionKind } from './option-kinds.js';
export { parseAddress, formatAddress, ADDRESS_FORMS, type ListenAddress } from './address.js';
export { checkTrustedProxy } from './trusted-proxy.js';
export { readCommandLine, type CommandLine, type Given } from './command-line.js';
export { readEnvironment, type Environment } from './environment.js';
export { findConfigFile, loadConfigFile, checkConfig, CONFIG_FILE_NAMES, type ConfigFile } from './config-file.js';
export { resolveSettings, type ResolvedSettings, type OptionSource } from './resolve.js';
export { loadSettings } from './load-settings.js';
export { buildServeOptions, tlsSourceOf, type TlsSource } from './serve-options.js';
export { formatSettingsTable, formatSettingsJson } from './config-command.js';
export { createJsonLogger } from './json-logger.js';
