/** @module The HTML shell of every rendered page: header navigation, a sidebar for the section, the content. */
import type { Page, Section } from './pages.js';
import { siteLink } from './pages.js';

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

const TOP: readonly (readonly [label: string, out: string, section: Section | 'api'])[] = [
  ['Home', 'index.html', 'home'],
  ['Specification', 'spec/index.html', 'spec'],
  ['Guides', 'guides/index.html', 'guides'],
  ['API reference', 'api/index.html', 'api'],
];

/** Renders one page; `pages` gives the sidebar of the page's section. */
export function layout(page: Page, title: string, content: string, pages: readonly Page[]): string {
  const link = (out: string): string => siteLink(page.out, out);
  const top = TOP.map(([label, out, section]) =>
    `<a href="${link(out)}"${section === page.section ? ' aria-current="true"' : ''}>${label}</a>`).join('\n      ');
  const side = pages
    .filter((p) => p.section === page.section && page.section !== 'home')
    .map((p) => `<li><a href="${link(p.out)}"${p === page ? ' aria-current="page"' : ''}>${escapeHtml(p.label)}</a></li>`)
    .join('\n        ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · TSGI</title>
  <link rel="icon" href="${link('assets/favicon.svg')}">
  <link rel="stylesheet" href="${link('assets/style.css')}">
</head>
<body class="section-${page.section}">
  <header>
    <a class="brand" href="${link('index.html')}">TSGI</a>
    <nav aria-label="site">
      ${top}
    </nav>
  </header>
  <div class="page">
    ${side ? `<nav class="sidebar" aria-label="${page.section}">\n      <ul>\n        ${side}\n      </ul>\n    </nav>` : ''}
    <main>
${content}
    </main>
  </div>
  <footer>TSGI — the TypeScript Server Gateway Interface. Built from the repository by <code>npm run docs</code>.</footer>
</body>
</html>
`;
}
