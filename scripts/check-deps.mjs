#!/usr/bin/env node
// Checks the one-way dependency direction between workspace packages (issue #2): the spec depends on nothing,
// protocol cores only on each other, servers on the spec and the cores, apps on the spec only. tsconfig project
// references then make an import of an undeclared sibling a build error (TS6307); this script keeps package.json
// and tsconfig references in step with the rule. The gateway is the protocol-neutral half every server shares;
// middleware (the validator) sits between any server and any app and knows only the spec. Run by `npm run build`.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const kinds = {
  spec: [],
  core: ['core'],
  gateway: ['spec'],
  server: ['spec', 'core', 'gateway'],
  app: ['spec', 'app'],
  middleware: ['spec'],
  tool: ['spec', 'core', 'gateway', 'server', 'app', 'middleware', 'tool'],
};
/** Which kind each workspace package is; a new package must be added here. */
const kindOf = {
  '@tsgi/spec': 'spec',
  '@tsgi/h1': 'core',
  '@tsgi/hpack': 'core',
  '@tsgi/h2': 'core',
  '@tsgi/proxy-protocol': 'core',
  '@tsgi/gateway': 'gateway',
  '@tsgi/server': 'server',
  '@tsgi/node': 'server',
  '@tsgi/app-hello': 'app',
  '@tsgi/app-static': 'app',
  '@tsgi/app-demo': 'app',
  '@tsgi/validator': 'middleware',
  '@tsgi/cli': 'tool',
  '@tsgi/conformance': 'tool',
  '@tsgi/testing': 'tool',
};
// The conformance suite must never depend on a server it judges.
const forbidden = { '@tsgi/conformance': ['server'] };

const dirs = ['spec', 'conformance', ...readdirSync(join(root, 'packages')).map((d) => join('packages', d))];
const problems = [];
for (const dir of dirs) {
  const file = join(root, dir, 'package.json');
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  const kind = kindOf[pkg.name];
  if (!kind) { problems.push(`${pkg.name} (${dir}) has no kind in scripts/check-deps.mjs`); continue; }
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (!dep.startsWith('@tsgi/')) continue;
    const depKind = kindOf[dep];
    if (!depKind || !kinds[kind].includes(depKind) || (forbidden[pkg.name] ?? []).includes(depKind)) {
      problems.push(`${pkg.name} (${kind}) may not depend on ${dep} (${depKind ?? 'unknown'})`);
    }
  }
  if (kind === 'spec' || kind === 'core') {
    const external = Object.keys(pkg.dependencies ?? {}).filter((d) => !d.startsWith('@tsgi/'));
    if (external.length) problems.push(`${pkg.name} must have no runtime dependencies, has ${external.join(', ')}`);
  }
}
// Protocol cores are sans-IO: no sockets, timers or Promises inside them (they run on byte vectors and under
// fuzzing). The global Buffer is allowed for its fast latin1 and search methods.
const IMPURE = [
  [/from ['"]node:/, 'imports a node: module'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask|process\.nextTick)\b/, 'uses a timer'],
  [/\bPromise\b|\basync\s|\bawait\s/, 'uses Promises'],
];
for (const [name, kind] of Object.entries(kindOf)) {
  if (kind !== 'core') continue;
  const dir = join(root, 'packages', name.slice('@tsgi/'.length), 'src');
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir, { recursive: true })) {
    if (!String(file).endsWith('.ts')) continue;
    const text = readFileSync(join(dir, String(file)), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const [pattern, what] of IMPURE) {
      if (pattern.test(text)) problems.push(`${name} is a sans-IO core but ${join('src', String(file))} ${what}`);
    }
  }
}

if (problems.length) {
  console.error('check-deps: the dependency direction is broken:\n  ' + problems.join('\n  '));
  process.exit(1);
}
