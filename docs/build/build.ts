/**
 * @module `npm run docs`: builds the static site into docs/site/. The markdown pages (spec, guides, package notes)
 * are rendered here while typedoc writes the API reference into site/api/ in a child process, so the two overlap.
 * Exits non-zero on a broken link, a missing include, or any typedoc warning (typedoc.json treats them as errors).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml, layout } from './layout.js';
import { createMarkdown, expandIncludes, linkRequirementIds, requirementsOf, type Requirement } from './markdown.js';
import { rewriteLinks, siteLink, sitePages, type Page } from './pages.js';

/** Where things are. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DOCS = join(ROOT, 'docs');
export const SITE = join(DOCS, 'site');

/** The front page of the spec gets an index of every requirement id, linked to where it is defined. */
function requirementIndex(spec: readonly Page[]): string {
  const rows: string[] = [];
  for (const page of spec) {
    const reqs: Requirement[] = requirementsOf(readFileSync(page.source, 'utf8'));
    for (const r of reqs) rows.push(`<tr><td><a href="${page.out.slice('spec/'.length)}#${r.id}"><code>${r.id}</code></a></td><td>${escapeHtml(r.level)}</td><td>${escapeHtml(page.label)}</td></tr>`);
  }
  return `<h2 id="all-requirements">All requirements</h2>
<p>Every requirement id of this version, in document order. Each links to its definition; the address of a
definition is its page followed by <code>#</code> and the id, e.g. <code>http.html#HTTP-RESP-NOBODY</code>.</p>
<table class="requirements"><thead><tr><th>Id</th><th>Level</th><th>Document</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

/**
 * typedoc writes its navigation links verbatim on pages of every depth, so typedoc.json names them
 * `tsgi-site:<path from the site root>` and they are made relative to each page here.
 */
function linkApiToSite(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.html')) continue;
    const file = join(dir, entry);
    const html = readFileSync(file, 'utf8');
    const fixed = html.replace(/href="tsgi-site:([^"]+)"/g, (_w, to: string) => `href="${siteLink(`api/${entry}`, to)}"`);
    if (fixed !== html) writeFileSync(file, fixed);
  }
}

/** Runs typedoc into site/api; resolves to its exit code and output. */
function typedoc(): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    const bin = join(ROOT, 'node_modules/typedoc/bin/typedoc');
    const child = spawn(process.execPath, [bin, '--options', join(DOCS, 'typedoc.json')], { cwd: DOCS, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

/** Builds the site; returns the problems found (empty when the build is good). */
export async function build(): Promise<string[]> {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(join(SITE, 'assets'), { recursive: true });
  const api = typedoc();
  const pages = sitePages(ROOT);
  const bySource = new Map(pages.map((p) => [p.source, p] as const));
  const md = createMarkdown();
  const problems: string[] = [];
  for (const page of pages) {
    const { markdown } = expandIncludes(readFileSync(page.source, 'utf8'), DOCS);
    const rewritten = rewriteLinks(linkRequirementIds(md.render(markdown)), page, bySource, ROOT);
    problems.push(...rewritten.problems);
    // Appended after the rewrite: its links are already site links.
    const index = page.out === 'spec/index.html' ? requirementIndex(pages.filter((p) => p.section === 'spec')) : '';
    const title = /^# (.+)$/m.exec(markdown)?.[1]?.replace(/`/g, '') ?? page.label;
    const file = join(SITE, page.out);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, layout(page, title, rewritten.html + index, pages));
  }
  for (const asset of ['style.css', 'favicon.svg']) copyFileSync(join(DOCS, 'assets', asset), join(SITE, 'assets', asset));
  const { code, output } = await api;
  if (code !== 0) problems.push(`typedoc failed (exit ${code}):\n${output.trim()}`);
  else linkApiToSite(join(SITE, 'api'));
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const began = Date.now();
  const problems = await build();
  if (problems.length > 0) {
    process.stderr.write(`docs: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`docs: built ${relative(process.cwd(), SITE) || '.'} in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
}
