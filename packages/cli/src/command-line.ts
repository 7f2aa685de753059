/**
 * @module Reading the options a command line gives, with the flags generated from the option table: `--port 0`,
 * `--trusted-proxy a,b --trusted-proxy c`, `--self-signed` and `--no-self-signed`. A later flag replaces an earlier
 * one; a list flag adds to the list.
 */
import { parseArgs } from 'node:util';
import { CliError } from './errors.js';
import { InvalidValue } from './option-kinds.js';
import { flagOf, OPTION_KEYS, OPTIONS, type Settings } from './options.js';

/** The option values one source gives (an option it does not set is absent). */
export type Given = { [K in keyof Settings]?: NonNullable<Settings[K]> };

/** What a command line says: its options, its positional arguments, and the command's own on/off flags. */
export interface CommandLine {
  /** Options set on the command line (the positional app is not among them; see `positionals`). */
  given: Given;
  /** Arguments that are not flags (for `tsgi serve`, the app). */
  positionals: string[];
  /** The command's own flags that were given (`help`, `json`). */
  flags: Set<string>;
}

/** The error for a bad command line (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError('TSGI_CLI_USAGE', message);
}

/** `--port must be ...` or `--bind: "x" is not an address ...`, depending on how the reason reads. */
export function named(name: string, error: InvalidValue): string {
  return error.message.startsWith('must ') ? `${name} ${error.message}` : `${name}: ${error.message}`;
}

type ArgOptions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

function isList(key: keyof Settings): boolean {
  return Array.isArray(OPTIONS[key].default);
}

function isSwitch(key: keyof Settings): boolean {
  return typeof OPTIONS[key].default === 'boolean';
}

/** The flags parseArgs knows: one per option (`--no-x` too for on/off ones), plus the command's own. */
function argOptions(commandFlags: readonly string[]): { options: ArgOptions; keyOf: Map<string, [keyof Settings, boolean]> } {
  const options: ArgOptions = {};
  const keyOf = new Map<string, [keyof Settings, boolean]>();
  for (const key of OPTION_KEYS) {
    if (OPTIONS[key].positional) continue;
    const name = flagOf(key).slice(2);
    if (isSwitch(key)) {
      options[name] = { type: 'boolean' };
      options[`no-${name}`] = { type: 'boolean' };
      keyOf.set(name, [key, true]).set(`no-${name}`, [key, false]);
    } else {
      options[name] = { type: 'string', multiple: isList(key) };
      keyOf.set(name, [key, true]);
    }
  }
  for (const flag of commandFlags) options[flag] = flag === 'help' ? { type: 'boolean', short: 'h' } : { type: 'boolean' };
  return { options, keyOf };
}

/**
 * Reads `argv` (after the command name).
 *
 * @param commandFlags On/off flags of the command itself, such as `help` and `json`.
 * @throws {CliError} `TSGI_CLI_USAGE` for an unknown flag, a missing argument, or a value that does not fit,
 *   naming the flag.
 */
export function readCommandLine(argv: string[], commandFlags: readonly string[] = ['help']): CommandLine {
  const { options, keyOf } = argOptions(commandFlags);
  let tokens;
  try {
    tokens = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true }).tokens;
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const given: Record<string, unknown> = {};
  const positionals: string[] = [];
  const flags = new Set<string>();
  // Tokens keep the order of the command line, so `--access-log --no-access-log` ends off.
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const entry = keyOf.get(token.name);
    if (entry === undefined) {
      flags.add(token.name);
      continue;
    }
    const [key, on] = entry;
    if (isSwitch(key)) {
      given[key] = on;
      continue;
    }
    let value: unknown;
    try {
      value = OPTIONS[key].kind.fromText(token.value ?? '');
    } catch (error) {
      if (error instanceof InvalidValue) throw usageError(named(flagOf(key), error));
      throw error;
    }
    given[key] = isList(key) ? [...((given[key] as string[] | undefined) ?? []), ...(value as string[])] : value;
  }
  return { given: given as Given, positionals, flags };
}
