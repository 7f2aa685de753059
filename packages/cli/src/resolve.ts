/**
 * @module The effective settings: each option from the command line, else the environment, else the config file,
 * else its default, remembering which source gave it (for `tsgi config`).
 */
import { usageError, type CommandLine, type Given } from './command-line.js';
import type { ConfigFile } from './config-file.js';
import type { Environment } from './environment.js';
import { envOf, flagOf, OPTION_KEYS, OPTIONS, type Settings } from './options.js';

/** Where an option's value came from. */
export interface OptionSource {
  /** The kind of source, in order of precedence. */
  kind: 'cli' | 'env' | 'file' | 'default';
  /** The flag (`--port`; the app: `argument`), the variable (`TSGI_PORT`) or the file's path; `null` for a default. */
  from: string | null;
}

/** Every option's value and source, and warnings to show before serving. */
export interface ResolvedSettings {
  /** The effective value of every option. */
  values: Settings;
  /** Where each value came from. */
  sources: { [K in keyof Settings]: OptionSource };
  /** Things that are allowed but probably not meant: unknown `TSGI_` variables, options another one overrides. */
  warnings: string[];
}

/**
 * Combines the sources: command line over environment over config file over defaults. A list from a higher source
 * replaces the lower one's (it is not merged).
 *
 * @throws {CliError} `TSGI_CLI_USAGE` for more than one positional argument.
 */
export function resolveSettings(cli: CommandLine, env: Environment, file: ConfigFile | null): ResolvedSettings {
  if (cli.positionals.length > 1) {
    throw usageError(`tsgi serve takes exactly one app module, got ${cli.positionals.length}: ${cli.positionals.join(' ')}`);
  }
  const fromCli: Given = cli.positionals.length === 1 ? { ...cli.given, app: cli.positionals[0]! } : cli.given;
  const values: Record<string, unknown> = {};
  const sources: Record<string, OptionSource> = {};
  for (const key of OPTION_KEYS) {
    if (fromCli[key] !== undefined) {
      values[key] = fromCli[key];
      sources[key] = { kind: 'cli', from: OPTIONS[key].positional ? 'argument' : flagOf(key) };
    } else if (env.given[key] !== undefined) {
      values[key] = env.given[key];
      sources[key] = { kind: 'env', from: envOf(key) };
    } else if (file?.given[key] !== undefined) {
      values[key] = file.given[key];
      sources[key] = { kind: 'file', from: file.path };
    } else {
      values[key] = OPTIONS[key].default;
      sources[key] = { kind: 'default', from: null };
    }
  }
  // A config file found in the current directory is shown as the default `config`.
  if (file !== null && sources['config']!.kind === 'default') {
    values['config'] = file.path;
    sources['config'] = { kind: 'default', from: '(found in the working directory)' }; // the lookup, not a source
  }
  const resolved = { values: values as Settings, sources: sources as ResolvedSettings['sources'], warnings: [] as string[] };
  resolved.warnings.push(...environmentWarnings(env), ...overrideWarnings(resolved));
  return resolved;
}

function environmentWarnings(env: Environment): string[] {
  return env.unknown.map(({ name, suggestion }) =>
    suggestion === null ? `${name} is not a tsgi option; ignored` : `${name} is not a tsgi option (did you mean ${suggestion}?); ignored`,
  );
}

/** Describes a source for a message: `--port`, `TSGI_PORT`, `port in /app/tsgi.config.ts`. */
export function describeSource(key: keyof Settings, source: OptionSource): string {
  if (source.kind === 'file') return `${key} in ${source.from}`;
  return source.from ?? `the default ${key}`;
}

/** `bind` replaces `host`/`port`, `tlsBind` replaces `host`/`tlsPort`: say so when those were set as well. */
function overrideWarnings({ values, sources }: Omit<ResolvedSettings, 'warnings'>): string[] {
  const warnings: string[] = [];
  const unused = (keys: (keyof Settings)[], by: keyof Settings): void => {
    const set = keys.filter((key) => sources[key].kind !== 'default');
    if (set.length === 0) return;
    const names = set.map((key) => describeSource(key, sources[key])).join(', ');
    warnings.push(`${describeSource(by, sources[by])} replaces ${set.map(flagOf).join(' and ')}: ${names} not used`);
  };
  // With HTTPS but no tlsBind, the HTTPS listener still binds to host.
  const hostServesTls = (values.selfSigned || values.tlsCert !== null || values.tlsKey !== null) && values.tlsBind.length === 0;
  if (values.bind.length > 0) unused(hostServesTls ? ['port'] : ['host', 'port'], 'bind');
  if (values.tlsBind.length > 0) unused(['tlsPort'], 'tlsBind');
  return warnings;
}
