/**
 * @module Reading options from `TSGI_*` environment variables: `TSGI_PORT=9000`, `TSGI_BIND=0.0.0.0:80,[::]:80`,
 * `TSGI_ACCESS_LOG=false`. A `TSGI_` variable that names no option is reported, so a typo does not go unnoticed.
 */
import { CliError } from './errors.js';
import { named, type Given } from './command-line.js';
import { InvalidValue } from './option-kinds.js';
import { envOf, OPTION_KEYS, OPTIONS, type Settings } from './options.js';

/** `TSGI_` variables that are not options but are read by other parts of the project. */
const OTHER_VARIABLES = new Set(['TSGI_CONFORMANCE_PROBE']);

/** What the environment says: its options, and the `TSGI_` variables that name no option. */
export interface Environment {
  /** Options set by variables. An empty variable counts as unset. */
  given: Given;
  /** `TSGI_*` variables that name no option, each with the option it was probably meant to be, if any. */
  unknown: {
    /** The variable, e.g. `TSGI_WROKERS`. */
    name: string;
    /** The option variable within two edits of it, e.g. `TSGI_WORKERS`, or `null`. */
    suggestion: string | null;
  }[];
}

/**
 * Reads the options from `env`.
 *
 * @throws {CliError} `TSGI_CLI_ENV` for a value that does not fit, naming the variable.
 */
export function readEnvironment(env: Record<string, string | undefined>): Environment {
  const given: Record<string, unknown> = {};
  const names = new Map<string, keyof Settings>();
  for (const key of OPTION_KEYS) names.set(envOf(key), key);
  const unknown: Environment['unknown'] = [];
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith('TSGI_') || text === undefined) continue;
    const key = names.get(name);
    if (key === undefined) {
      if (!OTHER_VARIABLES.has(name)) unknown.push({ name, suggestion: closest(name, [...names.keys()]) });
      continue;
    }
    if (text === '') continue;
    try {
      given[key] = OPTIONS[key].kind.fromText(text);
    } catch (error) {
      if (error instanceof InvalidValue) throw new CliError('TSGI_CLI_ENV', named(name, error));
      throw error;
    }
  }
  return { given: given as Given, unknown };
}

/** The candidate within two edits of `word` (a typo), or `null`. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit (the commonest typo). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]![j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
