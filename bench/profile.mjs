// @ts-check
/**
 * @module `npm run bench:profile [-- --case h1-hello] [--server reference] [--seconds 8] [--top 25]`: runs one
 * load case against one server started with `node --cpu-prof` (pinned as in the benchmark), stops it by pid so the
 * profile is written, and prints where the server's CPU time went: the top functions by self time, and self time
 * by file. Writes the summary to bench/results/profile-<case>-<server>.md; the .cpuprofile itself (megabytes, not
 * for the repo) is kept in the temp dir, for Chrome DevTools or speedscope and their call trees.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_BYTES, LOAD_CASES, commandLine, runLoad } from './lib/loads.mjs';
import { stop } from './lib/procs.mjs';
import { SERVER_KINDS, startServer } from './lib/servers.mjs';
import { parseArgs } from './servers/args.mjs';

const opts = parseArgs();
const caseId = opts.case ?? 'h1-hello';
const serverId = opts.server ?? 'reference';
const seconds = Number(opts.seconds ?? 8);
const top = Number(opts.top ?? 25);
const load = LOAD_CASES.find((c) => c.id === caseId);
const kind = SERVER_KINDS.find((k) => k.id === serverId);
if (!load || !kind || kind.id === 'nginx') throw new Error(`unknown --case ${caseId} or --server ${serverId} (nginx has no --cpu-prof)`);
const REPO = fileURLToPath(new URL('..', import.meta.url)).replace(/bench\/$/, '');

const root = mkdtempSync(path.join(os.tmpdir(), 'tsgi-profile-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
writeFileSync(path.join(root, 'file.bin'), Buffer.alloc(FILE_BYTES, 0x5a));
const profDir = path.join(root, 'prof');
const server = await startServer(kind, load.app, root, { nodeFlags: ['--cpu-prof', '--cpu-prof-dir', profDir] });
let rate;
try {
  await runLoad(load.load(server.ports, 2), 2); // warm-up, as in the benchmark (it is in the profile too)
  rate = await runLoad(load.load(server.ports, seconds), seconds);
} finally {
  await stop(server.child, 10_000); // SIGTERM: the launcher exits, and Node writes the profile on exit
}

/**
 * @typedef {{ functionName: string, url: string, lineNumber: number }} CallFrame
 * @typedef {{ nodes: { id: number, callFrame: CallFrame }[], samples: number[], timeDeltas: number[] }} CpuProfile
 */
const file = readdirSync(profDir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('no .cpuprofile was written');
/** @type {CpuProfile} */
const profile = JSON.parse(readFileSync(path.join(profDir, file), 'utf8'));

// Self time of a node = the time of the samples taken while it was on top of the stack. timeDeltas[i] is the
// time since the previous sample, so it is charged to sample i (the usual approximation at a ~1 ms interval).
/** @type {Map<number, CallFrame>} */
const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
/** @type {Map<string, number>} */ const byFunction = new Map();
/** @type {Map<string, number>} */ const byFile = new Map();
let total = 0;
let idle = 0;
/** A short file name: repo paths relative to the repo, node internals as they are. @param {string} url */
const shortUrl = (url) => (url ? url.replace(/^file:\/\//, '').replace(REPO, '') : '(native / VM)');
profile.samples.forEach((id, i) => {
  const frame = frames.get(id);
  const micros = profile.timeDeltas[i] ?? 0;
  if (!frame) return;
  total += micros;
  if (frame.functionName === '(idle)') idle += micros;
  const where = shortUrl(frame.url);
  const name = `${frame.functionName || '(anonymous)'} | ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  byFile.set(where, (byFile.get(where) ?? 0) + micros);
});

const busy = total - idle;
/** @param {Map<string, number>} map @param {number} n */
const ranked = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
/** @param {number} micros */
const cells = (micros) => `${(micros / 1000).toFixed(0)} | ${((100 * micros) / total).toFixed(1)}% | ${((100 * micros) / busy).toFixed(1)}%`;
const lines = [
  `# CPU profile: ${kind.label}, ${load.title}`,
  '',
  `${rate.toFixed(0)} ${load.unit} under \`${commandLine(load.load(server.ports, seconds))}\` (after a 2 s warm-up, in the profile too).`,
  `Server: \`${server.command.replaceAll(root, '$ROOT')}\`. Profile ${(total / 1e6).toFixed(1)} s, of which ` +
    `${((100 * idle) / total).toFixed(1)}% idle (the server waiting: its core was not saturated by the load then).`,
  '',
  `## Top ${top} functions by self time`,
  '',
  '| self ms | % all | % busy | function | file:line |',
  '|--:|--:|--:|---|---|',
  ...ranked(byFunction, top).map(([name, micros]) => `| ${cells(micros)} | ${name.replace(' | ', ' | `')}\` |`),
  '',
  '## Self time by file',
  '',
  '| self ms | % all | % busy | file |',
  '|--:|--:|--:|---|',
  ...ranked(byFile, 20).map(([where, micros]) => `| ${cells(micros)} | \`${where}\` |`),
  '',
];
const out = fileURLToPath(new URL(`results/profile-${caseId}-${serverId}.md`, import.meta.url));
writeFileSync(out, lines.join('\n'));
const kept = path.join(os.tmpdir(), `tsgi-profile-${caseId}-${serverId}.cpuprofile`);
copyFileSync(path.join(profDir, file), kept);
process.stdout.write(`${lines.join('\n')}\nwritten: ${out}; profile: ${kept}\n`);
