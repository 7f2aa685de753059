/**
 * @module Which source files become which pages, and how links between them are rewritten. The spec and the
 * package READMEs are rendered from where they live (one source of truth); a relative link in any source that
 * points at another rendered source is pointed at that page instead, and a link to anything else in the
 * repository fails the build, so the site never ships a link that 404s.
 */
import { existsSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';

/** The part of the site a page belongs to (its navigation). */
export type Section = 'home' | 'spec' | 'guides' | 'packages';

/** One page of the site. */
export interface Page {
  /** Absolute path of the markdown source. */
  readonly source: string;
  /** Output path relative to the site root, with `/` separators. */
  readonly out: string;
  readonly section: Section;
  /** Short name in the sidebar. */
  readonly label: string;
}

/** The guides, in reading order: file name under docs/guides (or docs/) and sidebar label. */
export const GUIDES: readonly (readonly [file: string, label: string])[] = [
  ['quick-start.md', 'Quick start'],
  ['../getting-started.md', 'Getting started'],
  ['writing-an-app.md', 'Writing an app'],
  ['mounting.md', 'Mounting apps'],
  ['extensions.md', 'Extensions'],
  ['deploying.md', 'Deploying'],
  ['two-servers.md', 'The two servers'],
  ['writing-a-server.md', 'Writing a server'],
  ['body-rules.md', 'Why the body rules exist'],
  ['from-asgi.md', 'Moving from ASGI'],
  ['from-node-http.md', 'Moving from node:http'],
  ['from-fetch.md', 'Moving from fetch handlers'],
];

const SPEC: readonly (readonly [file: string, out: string, label: string])[] = [
  ['README.md', 'spec/index.html', 'Overview'],
  ['gateway.md', 'spec/gateway.html', 'Gateway'],
  ['http.md', 'spec/http.html', 'HTTP'],
  ['lifespan.md', 'spec/lifespan.html', 'Lifespan'],
  ['extensions.md', 'spec/extensions.html', 'Extensions'],
  ['CHANGELOG.md', 'spec/changelog.html', 'Version history'],
];

/** Every page of the site, built from the repository at `root`. */
export function sitePages(root: string): Page[] {
  const docs = join(root, 'docs');
  const guide = (file: string, label: string): Page => {
    const source = resolve(docs, 'guides', file);
    const name = source.slice(source.lastIndexOf('/') + 1).replace(/\.md$/, '');
    return { source, out: `guides/${name}.html`, section: 'guides', label };
  };
  return [
    { source: join(docs, 'index.md'), out: 'index.html', section: 'home', label: 'Home' },
    ...SPEC.map(([file, out, label]): Page => ({ source: join(root, 'spec', file), out, section: 'spec', label })),
    { source: join(docs, 'guides', 'index.md'), out: 'guides/index.html', section: 'guides', label: 'All guides' },
    ...GUIDES.map(([file, label]) => guide(file, label)),
    { source: join(root, 'packages/node/README.md'), out: 'packages/node.html', section: 'packages', label: '@tsgi/node' },
    { source: join(root, 'packages/app-static/README.md'), out: 'packages/app-static.html', section: 'packages', label: '@tsgi/app-static' },
  ];
}

/** The relative URL from the page at `fromOut` to the site path `toOut`. */
export function siteLink(fromOut: string, toOut: string): string {
  const rel = posix.relative(posix.dirname(fromOut), toOut);
  return rel === '' ? posix.basename(toOut) : rel;
}

/** `api:@tsgi/server` in a guide links to that package's page of the API reference; `api:index` to its front page. */
function apiPage(spec: string): string {
  // markdown-it may drop the `@` (it reads `api:@x` like a URL with user info), so it is optional here.
  return spec === 'index' ? 'api/index.html' : `api/modules/_${spec.replace(/^@/, '').replace('/', '_')}.html`;
}

/**
 * Rewrites the `href`s of one rendered page. Returns the new HTML and a problem for each link that points into
 * the repository at something the site does not render.
 */
export function rewriteLinks(html: string, page: Page, bySource: ReadonlyMap<string, Page>, root: string): { html: string; problems: string[] } {
  const problems: string[] = [];
  const out = html.replace(/href="([^"]*)"/g, (whole, href: string) => {
    if (href.startsWith('api:')) {
      const [pkg, hash] = href.slice(4).split('#');
      return `href="${siteLink(page.out, apiPage(pkg!))}${hash ? `#${hash}` : ''}"`;
    }
    if (/^([a-z]+:|#|\/\/)/i.test(href) || href === '') return whole;
    const [path, hash] = href.split('#') as [string, string | undefined];
    const target = resolve(dirname(page.source), decodeURIComponent(path));
    const to = bySource.get(target);
    if (to) return `href="${siteLink(page.out, to.out)}${hash !== undefined ? `#${hash}` : ''}"`;
    const where = relative(root, target);
    problems.push(`${relative(root, page.source)}: link to ${where}${existsSync(target) ? ', which the site does not render' : ', which does not exist'}`);
    return whole;
  });
  return { html: out, problems };
}
