/**
 * @module The types an option's value can have, each knowing how to read the value from text (a flag or an
 * environment variable) and how to check it in a config file. A bad value throws {@link InvalidValue}; the caller
 * names where it came from (`--port`, `TSGI_PORT`, `tsgi.config.ts: port`).
 */
import { CliError } from './errors.js';

/**
 * A value that does not fit its option (code `TSGI_CLI_VALUE`); the message says what was expected and shows the
 * value. The resolver re-throws it naming the flag, variable or config key it came from.
 */
export class InvalidValue extends CliError {
  /** @param message What was expected, with the value shown: `must be an integer 1..1024, got "two"`. */
  constructor(message: string) {
    super('TSGI_CLI_VALUE', message);
  }
}

/** How one option's values are read and checked. */
export interface OptionKind<T> {
  /** What the values look like, for help and errors: `an integer 1..1024`, `reference or node`. */
  readonly expected: string;
  /** Reads a value given as text (a flag's argument, an environment variable). */
  fromText(text: string): T;
  /** Checks a value from a config file (any JavaScript value). */
  fromValue(value: unknown): T;
}

/** The value as it appears in an error: strings quoted, others as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  return JSON.stringify(value) ?? String(value);
}

/** Text as typed, quoted only when it would be unclear bare (empty, blanks at an end). */
export function showText(text: string): string {
  return text !== '' && text.trim() === text ? text : JSON.stringify(text);
}

function wrongType(expected: string, value: unknown): InvalidValue {
  return new InvalidValue(`must be ${expected}, got ${show(value)}`);
}

function wrongText(expected: string, text: string): InvalidValue {
  return new InvalidValue(`must be ${expected}, got ${showText(text)}`);
}

/** Any string, optionally checked by `check` (which throws {@link InvalidValue}). */
export function stringKind(expected = 'a string', check: (text: string) => void = () => {}): OptionKind<string> {
  const read = (text: string): string => {
    check(text);
    return text;
  };
  return {
    expected,
    fromText: read,
    fromValue: (value) => {
      if (typeof value !== 'string') throw wrongType(expected, value);
      return read(value);
    },
  };
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

/** On or off; as text `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off` (flags are presence: `--x`, `--no-x`). */
export function booleanKind(): OptionKind<boolean> {
  const expected = 'true or false';
  return {
    expected,
    fromText: (text) => {
      const word = text.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw wrongText('true or false (or 1, 0, yes, no)', text);
    },
    fromValue: (value) => {
      if (typeof value !== 'boolean') throw wrongType(expected, value);
      return value;
    },
  };
}

/** A whole number from `min` to `max`; as text, digits only (no sign, no exponent, no blank). */
export function integerKind(min: number, max: number, expected = `an integer ${min}..${max}`): OptionKind<number> {
  const fits = (value: number): boolean => Number.isSafeInteger(value) && value >= min && value <= max;
  return {
    expected,
    fromText: (text) => {
      if (!/^\d+$/.test(text) || !fits(Number(text))) throw wrongText(expected, text);
      return Number(text);
    },
    fromValue: (value) => {
      if (typeof value !== 'number' || !fits(value)) throw wrongType(expected, value);
      return value;
    },
  };
}

/** One of a fixed set of words. */
export function choiceKind<const C extends readonly string[]>(choices: C): OptionKind<C[number]> {
  const expected = choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `one of ${choices.join(', ')}`;
  const fits = (value: unknown): value is C[number] => typeof value === 'string' && choices.includes(value);
  return {
    expected,
    fromText: (text) => {
      if (!fits(text)) throw wrongText(expected, text);
      return text;
    },
    fromValue: (value) => {
      if (!fits(value)) throw wrongType(expected, value);
      return value;
    },
  };
}

/**
 * A list of strings, each checked by `item` (which throws {@link InvalidValue}). As text it is comma separated
 * (blanks around commas ignored, empty items dropped); in a config file, an array of strings.
 */
export function listKind(expected: string, item: (text: string) => void): OptionKind<string[]> {
  const checkAll = (items: string[]): string[] => {
    for (const entry of items) item(entry);
    return items;
  };
  return {
    expected: `a list of ${expected}`,
    fromText: (text) =>
      checkAll(
        text
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      ),
    fromValue: (value) => {
      if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
        throw wrongType(`an array of strings (${expected})`, value);
      }
      return checkAll([...(value as string[])]);
    },
  };
}
