/**
 * @module `tsgi config [options] [--json]`: the effective settings of `tsgi serve` with the same options, and where
 * each value came from, as a table or as JSON. It checks them as `tsgi serve` would, without serving.
 */
import { readCommandLine } from './command-line.js';
import { loadSettings } from './load-settings.js';
import { OPTION_KEYS, type Settings } from './options.js';
import type { OptionSource, ResolvedSettings } from './resolve.js';
import { tlsSourceOf } from './serve-options.js';
import { usage } from './usage.js';

/** A value for the table: lists comma separated, `-` for none. */
function showValue(value: Settings[keyof Settings]): string {
  if (value === null || (Array.isArray(value) && value.length === 0)) return '-';
  if (Array.isArray(value)) return value.join(',');
  return value === '' ? '""' : String(value);
}

/** `cli --port`, `env TSGI_PORT`, `file /app/tsgi.config.ts`, `default`. */
function showSource(source: OptionSource): string {
  return source.from === null ? source.kind : `${source.kind} ${source.from}`;
}

/** The settings as an aligned table with a header: option, value, source. */
export function formatSettingsTable({ values, sources }: ResolvedSettings): string {
  const rows = [['option', 'value', 'source'], ...OPTION_KEYS.map((key) => [key, showValue(values[key]), showSource(sources[key])])];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}`.trimEnd()).join('\n') + '\n';
}

/** The settings as JSON: `{ "port": { "value": 8000, "source": "default", "from": null }, ... }`. */
export function formatSettingsJson({ values, sources }: ResolvedSettings): string {
  const entries = OPTION_KEYS.map((key) => [key, { value: values[key], source: sources[key].kind, from: sources[key].from }]);
  return JSON.stringify(Object.fromEntries(entries), null, 2) + '\n';
}

/**
 * Runs `tsgi config` with `argv` (after `config`): prints the settings on stdout, warnings on stderr; resolves
 * to 0.
 *
 * @throws {CliError} for the same bad options `tsgi serve` rejects.
 */
export async function configCommand(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  const cli = readCommandLine(argv, ['help', 'json']);
  if (cli.flags.has('help')) {
    process.stdout.write(usage());
    return 0;
  }
  const resolved = await loadSettings(cli, env, cwd);
  tlsSourceOf(resolved.values);
  for (const warning of resolved.warnings) process.stderr.write(`tsgi: warning: ${warning}\n`);
  process.stdout.write(cli.flags.has('json') ? formatSettingsJson(resolved) : formatSettingsTable(resolved));
  return 0;
}
