/**
 * @module Markdown to HTML for the docs site: GitHub-style heading ids (the spec's links such as `#4-messages`
 * rely on them), requirement ids made into visible self-links, and `<!-- include: samples/x.ts -->` markers
 * replaced by the file itself, so a guide shows exactly the code the tests type-check and run, or the proxy
 * config the deploy tests start (`<!-- include: ../deploy/configs/nginx.conf -->`).
 */
import { readFileSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';

/** GitHub's heading slug: lowercase, punctuation dropped, spaces to hyphens (`2.1 When` → `21-when`). */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** A markdown-it with raw HTML on (the spec's `<a id>` anchors are HTML) and ids on every heading. */
export function createMarkdown() {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.core.ruler.push('heading_ids', (state) => {
    const seen = new Map<string, number>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.type !== 'heading_open') continue;
      const text = (tokens[i + 1]?.children ?? []).filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content).join('');
      const base = slugify(text);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      tokens[i]!.attrSet('id', n === 0 ? base : `${base}-${n}`);
    }
  });
  return md;
}

/** The include marker; the path is relative to `docs/` and may leave it (`../deploy/configs/nginx.conf`). */
const INCLUDE = /^<!-- include: (\S+) -->$/gm;

/** The fence's language by file extension: TypeScript samples and the proxy configs of deploy/configs. */
const LANGUAGES: Readonly<Record<string, string>> = { '.ts': 'ts', '.conf': 'nginx', '.cfg': 'haproxy' };

/** Replaces include markers by a fenced block holding the file; returns the markdown and the files it used. */
export function expandIncludes(markdown: string, docsDir: string): { markdown: string; included: string[] } {
  const included: string[] = [];
  const out = markdown.replace(INCLUDE, (_whole, rel: string) => {
    const file = resolve(docsDir, rel);
    included.push(file);
    const code = readFileSync(file, 'utf8').trimEnd();
    const lang = LANGUAGES[extname(file)] ?? '';
    // The caption names the file from the repository root, where a reader finds it (docs/samples/x.ts).
    const shown = relative(resolve(docsDir, '..'), file).split('\\').join('/');
    // The fence is longer than any backtick run in the file, so a sample may hold ``` itself.
    const fence = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    return `<p class="sample-file">${shown}</p>\n\n${fence}${lang}\n${code}\n${fence}`;
  });
  return { markdown: out, included };
}

/** A requirement as the spec writes it: `<a id="ID"></a>**ID** (LEVEL)`. */
export const REQUIREMENT = /<a id="([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)"><\/a>\*\*\1\*\* \(([^)]+)\)/g;

/** After rendering: each requirement id becomes a visible link to itself, so a reader can copy its address. */
export function linkRequirementIds(html: string): string {
  return html.replace(/<a id="([A-Z][A-Z0-9-]+)"><\/a><strong>\1<\/strong>/g, '<a class="req-id" id="$1" href="#$1">$1</a>');
}

/** One requirement of the spec, for the index on the spec's front page. */
export interface Requirement {
  /** The id, e.g. `HTTP-RESP-NOBODY`. */
  readonly id: string;
  /** MUST, SHOULD, MAY or informative. */
  readonly level: string;
}

/** The requirements a spec document defines, in order. */
export function requirementsOf(markdown: string): Requirement[] {
  return [...markdown.matchAll(REQUIREMENT)].map((m) => ({ id: m[1]!, level: m[2]! }));
}
