/** @module Reading requirement ids out of the spec text (`<a id="ID"></a>**ID** (LEVEL)`). */

/** The id grammar from the decisions (anchored version for whole-string checks). */
export const ID_PATTERN = /\b(APP|MSG|FLOW|VERSION|EXT|HTTP|LIFESPAN|SERVER)(-[A-Z0-9]+)+\b/;

/** A requirement defined in the spec. */
export interface DefinedId {
  /** The requirement id, as in its anchor, e.g. `HTTP-RESP-NOBODY`. */
  readonly id: string;
  /** `MUST`, `SHOULD`, `MAY` or `informative`. */
  readonly level: string;
  /** File it is defined in. */
  readonly file: string;
}

/** What {@link parseSpecIds} finds in one spec file. */
export interface ParsedSpec {
  /** Every requirement defined in the file, in document order. */
  readonly ids: DefinedId[];
  /** Problems found while parsing (an anchor whose bold id differs, for example), one message each. */
  readonly problems: string[];
}

const DEFINITION = /<a id="([^"]+)"><\/a>\*\*([^*]+)\*\*\s*\(([A-Za-z]+)\)/g;

/** Removes fenced code blocks and inline code spans (where the spec shows the id syntax as an example). */
export function stripCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Every requirement defined in one markdown file (definitions inside code are examples and are skipped). */
export function parseSpecIds(markdown: string, file: string): ParsedSpec {
  const ids: DefinedId[] = [];
  const problems: string[] = [];
  for (const m of stripCode(markdown).matchAll(DEFINITION)) {
    const [, anchor, bold, level] = m as unknown as [string, string, string, string];
    if (anchor !== bold) problems.push(`${file}: anchor ${anchor} is written as **${bold}**`);
    if (!new RegExp(`^${ID_PATTERN.source}$`).test(anchor)) problems.push(`${file}: ${anchor} does not match the id pattern`);
    ids.push({ id: anchor, level, file });
  }
  return { ids, problems };
}
