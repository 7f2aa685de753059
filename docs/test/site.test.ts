/**
 * @module The docs site checked as a reader would: build it, serve it with the repository's own static files
 * app on the reference server, and open it in headless Chromium (Debian's, driven by playwright-core). Screenshots
 * go to test-output/docs/ for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { staticFiles } from '@tsgi/app-static';
import type { Server } from '@tsgi/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, SITE } from '../build/build.js';
import { SERVERS, start } from './helpers.js';

const SHOTS = fileURLToPath(new URL('../../test-output/docs/', import.meta.url));
/** Flags for a headless run in a container: no sandbox (root), no GPU, no background traffic. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  const problems = await build();
  expect(problems).toEqual([]);
  ({ server, base } = await start(SERVERS.reference, staticFiles(SITE)));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `path`, failing on console errors, page errors and failed requests; returns the page. */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  const response = await page.goto(`${base}/${path}`);
  expect(response?.status(), path).toBe(200);
  return { page, errors };
}

/** Every internal URL reachable from the front page (crawled over HTTP), and the ids each HTML page defines. */
async function crawl(): Promise<{ broken: string[]; pages: number }> {
  const seen = new Set<string>();
  const ids = new Map<string, Set<string>>();
  const fragments: [from: string, url: string, id: string][] = [];
  const broken: string[] = [];
  const queue = [`${base}/index.html`];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const response = await fetch(url);
    if (response.status !== 200) { broken.push(`${response.status} ${url}`); continue; }
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) { await response.arrayBuffer(); continue; }
    const html = await response.text();
    ids.set(url, new Set([...html.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => m[1]!)));
    for (const [, link] of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
      const target = new URL(link!.replace(/&amp;/g, '&'), url);
      if (target.origin !== base) continue;
      const hash = decodeURIComponent(target.hash.slice(1));
      target.hash = '';
      if (hash) fragments.push([url, target.href, hash]);
      queue.push(target.href);
    }
  }
  for (const [from, url, id] of fragments) {
    const defined = ids.get(url);
    if (defined && !defined.has(id)) broken.push(`${from} links to ${url}#${id}, which has no such id`);
  }
  return { broken: [...new Set(broken)], pages: ids.size };
}

describe('docs site', () => {
  it('home, spec and a guide render with their headings', { timeout: 30_000 }, async () => {
    const pages: [path: string, h1: RegExp, h2: string][] = [
      ['index.html', /TSGI — the TypeScript Server Gateway Interface/, 'Where to start'],
      ['spec/http.html', /TSGI 1\.0 — HTTP/, '3. Response rules'],
      ['spec/index.html', /TSGI 1\.0 — the TypeScript Server Gateway Interface/, 'All requirements'],
      ['guides/body-rules.html', /Why the body rules exist/, 'The 204 story'],
      ['guides/deploying.html', /Deploying/, 'Health checks'],
    ];
    for (const [path, h1, h2] of pages) {
      const { page, errors } = await open(path);
      expect(await page.locator('main h1').innerText(), path).toMatch(h1);
      expect(await page.locator('main h2').allInnerTexts(), path).toContain(h2);
      await page.screenshot({ path: `${SHOTS}${path.replace(/\//g, '_').replace(/\.html$/, '')}.png`, fullPage: false });
      expect(errors, path).toEqual([]);
      await page.close();
    }
  });

  it('the deploying guide shows the proxy configs the deploy tests run, from deploy/configs', { timeout: 20_000 }, async () => {
    const { page, errors } = await open('guides/deploying.html');
    const captions = await page.locator('main p.sample-file').allInnerTexts();
    expect(captions).toEqual(expect.arrayContaining(['deploy/configs/nginx.conf', 'deploy/configs/haproxy-http.cfg', 'deploy/configs/haproxy-tcp.cfg', 'docs/samples/health.ts']));
    const nginx = await page.locator('main pre code.language-nginx').innerText();
    expect(nginx.trimEnd()).toBe(readFileSync(new URL('../../deploy/configs/nginx.conf', import.meta.url), 'utf8').trimEnd());
    await page.locator('#health-checks').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}guides_deploying_health.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a requirement-id link jumps to its anchor', { timeout: 20_000 }, async () => {
    const { page, errors } = await open('guides/body-rules.html');
    await page.locator('main a[href$="#HTTP-RESP-NOBODY"]').first().click();
    await page.waitForURL(/spec\/http\.html#HTTP-RESP-NOBODY$/);
    const where = (await page.evaluate(`(() => {
      const r = document.getElementById('HTTP-RESP-NOBODY').getBoundingClientRect();
      return { hash: location.hash, top: r.top, bottom: r.bottom, height: innerHeight, text: document.getElementById('HTTP-RESP-NOBODY').textContent };
    })()`)) as { hash: string; top: number; bottom: number; height: number; text: string };
    expect(where.hash).toBe('#HTTP-RESP-NOBODY');
    expect(where.text).toBe('HTTP-RESP-NOBODY'); // the id is visible, as a link to itself
    expect(where.top).toBeGreaterThanOrEqual(0);
    expect(where.bottom).toBeLessThanOrEqual(where.height);
    await page.screenshot({ path: `${SHOTS}spec_http_HTTP-RESP-NOBODY.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every internal link resolves, anchors included', { timeout: 60_000 }, async () => {
    const { broken, pages } = await crawl();
    expect(broken).toEqual([]);
    expect(pages).toBeGreaterThan(50); // the guides, the spec and the API reference were all reached
  });

  it('no page logs a console error', { timeout: 60_000 }, async () => {
    const paths = ['index.html', 'spec/index.html', 'spec/gateway.html', 'spec/http.html', 'spec/lifespan.html',
      'spec/extensions.html', 'spec/changelog.html', 'guides/index.html', 'guides/writing-an-app.html',
      'guides/from-asgi.html', 'packages/node.html', 'api/index.html', 'api/modules/_tsgi_spec.html'];
    for (const path of paths) {
      const { page, errors } = await open(path);
      await page.waitForLoadState('load');
      if (path === 'api/index.html') await page.screenshot({ path: `${SHOTS}api_index.png` });
      expect(errors, path).toEqual([]);
      await page.close();
    }
  });
});
