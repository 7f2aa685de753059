// @ts-check
/**
 * @module `npm run bench [-- --smoke] [--out DIR] [--rounds N] [--seconds S] [--only id,id] [--no-nginx]`.
 * For each case: start the servers (pinned to core 0), warm each up (not counted), then run the load (pinned to
 * core 1) round-robin A B C A B C, so drift of a noisy machine spreads over all servers alike; then stop them by
 * pid. Memory cases start a fresh server per round. Writes `<date>.md` (and `latest.md`, and the raw `.json`) to
 * bench/results, or to a temp dir in smoke mode.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine, FILE_BYTES, has, LOAD_CASES, runLoad } from './lib/loads.mjs';
import { CLIENT_CPU, rssKiB, sleep, startPinned, stop } from './lib/procs.mjs';
import { markdown } from './lib/report.mjs';
import { nginxConfig, SERVER_KINDS, startServer } from './lib/servers.mjs';
import { parseArgs } from './servers/args.mjs';

const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const noNginx = argv.includes('--no-nginx') || smoke || !has('nginx'); // smoke must not need nginx
const opts = parseArgs(argv.filter((a) => a !== '--smoke' && a !== '--no-nginx'));
/**
 * Rounds per load case: 5 by default. With 3, the medians of the node server's HTTP/2 cases on this 2-core VM moved
 * between 0.56x and 0.86x of bare node:http2 from one run to the next (GC and scheduling noise hit single rounds).
 */
const rounds = Number(opts.rounds ?? (smoke ? 1 : 5));
/** Memory rounds: their spread is a few percent, and each takes ~35 s of settling. */
const memoryRounds = Math.min(rounds, 3);
const seconds = Number(opts.seconds ?? (smoke ? 1 : 8));
const warmup = smoke ? 0 : 2; // whole seconds (wrk takes no less); smoke checks the harness, not the JIT
const idle = smoke ? { warm: 10, count: 100 } : { warm: 50, count: 1000 };
const only = opts.only ? new Set(opts.only.split(',')) : null;
const date = new Date().toISOString().slice(0, 16).replace('T', '-').replace(':', '');
const outDir = opts.out ?? (smoke ? mkdtempSync(path.join(os.tmpdir(), 'tsgi-bench-out-')) : fileURLToPath(new URL('results/', import.meta.url)));

// the load average before and after tells a reader whether something else was running on the machine
const loadBefore = os.loadavg()[0].toFixed(2);
const startedAt = Date.now();
const root = mkdtempSync(path.join(os.tmpdir(), 'tsgi-bench-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
// incompressible, so no layer can cheat on it
writeFileSync(path.join(root, 'file.bin'), Buffer.from(Array.from({ length: FILE_BYTES }, (_, i) => (i * 2654435761) >>> 24)));

const kinds = SERVER_KINDS.filter((k) => !(noNginx && k.id === 'nginx'));
/** @type {import('./lib/report.mjs').Row[]} */
const rows = [];
/** @type {string[]} */
const commands = [];
/** @param {string} line */
const record = (line) => commands.push(line.replaceAll(root, '$ROOT'));
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

for (const c of LOAD_CASES) {
  if (only && !only.has(c.id)) continue;
  const servers = kinds.filter((k) => k.families.includes(c.family));
  log(`case ${c.id}: ${servers.map((k) => k.id).join(', ')}`);
  const running = [];
  try {
    for (const kind of servers) running.push({ kind, server: await startServer(kind, c.app, root) });
    record(`# ${c.title}`);
    for (const { kind, server } of running) {
      record(server.command);
      record(commandLine(c.load(server.ports, seconds)));
      if (warmup > 0) await runLoad(c.load(server.ports, warmup), warmup); // JIT and caches warm, not counted
      rows.push({ caseId: c.id, caseTitle: c.title, server: kind.id, label: kind.label, unit: c.unit, samples: [] });
    }
    for (let round = 0; round < rounds; round++) {
      for (const { kind, server } of running) {
        const value = await runLoad(c.load(server.ports, seconds), seconds);
        const row = rows.find((r) => r.caseId === c.id && r.server === kind.id);
        row?.samples.push(value);
        log(`  round ${round + 1} ${kind.id}: ${value.toFixed(1)} ${c.unit}`);
      }
    }
  } finally {
    for (const { server } of running) await stop(server.child);
  }
}

/** @type {{ id: string, proto: 'h1' | 'h2c' | 'h2', family: 'h1' | 'h2', title: string }[]} */
const MEMORY_CASES = [
  { id: 'mem-h1', proto: 'h1', family: 'h1', title: 'idle keep-alive connections, HTTP/1.1' },
  { id: 'mem-h2c', proto: 'h2c', family: 'h2', title: 'idle connections, h2c' },
  { id: 'mem-h2-tls', proto: 'h2', family: 'h2', title: 'idle connections, h2 over TLS' },
];

/**
 * How long a memory reading waits for the server to settle (ms). Right after a burst of connections a Node process
 * still holds the young generation V8 grew for the burst (about 11 MB after 1000 TLS handshakes: garbage space, not
 * per-connection memory); V8's memory reducer gives it back once the process has been idle for about 8 s after a
 * full GC. Each reading therefore forces a GC, waits this long, forces another and reads: the idle state a server
 * holding idle connections is in. Every server, baselines and nginx included, is read the same way.
 */
const SETTLE_MS = smoke ? 0 : 15_000;

/**
 * One memory round on a fresh server (already started): RSS after start; then `warm` connections (one-time costs
 * paid) and RSS settled; then `count` more, RSS at once and settled. KiB per connection = settled growth over the
 * `count` (`atOnce`: the same without settling, for comparison with reports before the settling).
 * @param {import('./lib/servers.mjs').ServerKind} kind @param {typeof MEMORY_CASES[number]} m
 * @param {import('./lib/servers.mjs').Running} server
 */
async function memoryRound(kind, m, server) {
  const gcAndRead = async () => {
    if (server.gc) process.kill(server.child.pid, 'SIGUSR2');
    await sleep(smoke ? 200 : 500);
    return rssKiB(server.child.pid);
  };
  const settledRead = async () => {
    if (SETTLE_MS > 0) {
      if (server.gc) process.kill(server.child.pid, 'SIGUSR2'); // the memory reducer's idle clock starts here
      await sleep(SETTLE_MS);
    }
    return gcAndRead();
  };
  const port = m.proto === 'h1' ? server.ports.h1 : m.proto === 'h2c' ? server.ports.h2c : server.ports.tls;
  const args = ['--proto', m.proto, '--port', String(port), '--warm', String(idle.warm), '--count', String(idle.count)];
  const client = startPinned(CLIENT_CPU, process.execPath, [fileURLToPath(new URL('clients/idle.mjs', import.meta.url)), ...args], {
    stdin: true,
    timeoutMs: 90_000,
  });
  try {
    const start = await gcAndRead();
    /** @param {RegExp} pattern */
    const waitFor = async (pattern) => {
      for (let i = 0; i < 1200 && !pattern.test(client.output()); i++) {
        if (client.process.exitCode !== null) break;
        await sleep(50);
      }
      const match = pattern.exec(client.output());
      if (!match) throw new Error(`idle client (${kind.id} ${m.proto}): no ${pattern} in:\n${client.output()}`);
      return Number(match[1]);
    };
    await waitFor(/^warm (\d+)$/m);
    const warm = await settledRead();
    client.process.stdin?.write('more\n');
    await waitFor(/^open (\d+)$/m);
    const fullAtOnce = await gcAndRead();
    const full = SETTLE_MS > 0 ? await settledRead() : fullAtOnce;
    client.process.stdin?.write('done\n');
    const alive = await waitFor(/^alive (\d+)$/m);
    if (alive !== idle.warm + idle.count) throw new Error(`${kind.id} ${m.proto}: only ${alive} connections stayed open`);
    return {
      start,
      full,
      perConn: (full - warm) / idle.count,
      atOnce: (fullAtOnce - warm) / idle.count,
      command: server.command,
      client: `taskset -c ${CLIENT_CPU} node bench/clients/idle.mjs ${args.join(' ')}`,
    };
  } finally {
    await stop(client);
    await stop(server.child);
  }
}

for (const m of MEMORY_CASES) {
  if (only && !only.has(m.id)) continue;
  const servers = kinds.filter((k) => k.families.includes(m.family));
  log(`case ${m.id}: ${servers.map((k) => k.id).join(', ')}`);
  const title = `${m.title} (${idle.count} on top of ${idle.warm})`;
  record(`# ${title}`);
  for (const kind of servers) rows.push({ caseId: m.id, caseTitle: title, server: kind.id, label: kind.label, unit: 'KiB/conn', samples: [] });
  /** @type {Record<string, number[]>} */
  const starts = {};
  /** @type {Record<string, number[]>} */
  const atOnce = {};
  for (let round = 0; round < memoryRounds; round++) {
    // The servers of a round are started one by one (free ports), then measured side by side: a reading is mostly
    // waiting for the server to settle, and one process's RSS does not depend on another's.
    /** @type {{ kind: import('./lib/servers.mjs').ServerKind, server: import('./lib/servers.mjs').Running }[]} */
    const started = [];
    for (const kind of servers) started.push({ kind, server: await startServer(kind, 'hello', root, { gc: true }) });
    const results = await Promise.all(started.map(({ kind, server }) => memoryRound(kind, m, server)));
    results.forEach((result, i) => {
      const kind = started[i].kind;
      if (round === 0) record(result.command), record(result.client);
      rows.find((r) => r.caseId === m.id && r.server === kind.id)?.samples.push(result.perConn);
      (starts[kind.id] ??= []).push(result.start);
      (atOnce[kind.id] ??= []).push(result.atOnce);
      log(`  round ${round + 1} ${kind.id}: ${result.perConn.toFixed(1)} KiB/conn (${result.atOnce.toFixed(1)} at once), RSS ${result.start} → ${result.full} KiB`);
    });
  }
  for (const row of rows.filter((r) => r.caseId === m.id)) {
    const median = (/** @type {number[]} */ v) => [...v].sort((a, b) => a - b)[v.length >> 1];
    row.extra = `RSS at start ${(median(starts[row.server]) / 1024).toFixed(1)} MiB` +
      (SETTLE_MS > 0 ? `; read at once, unsettled: ${median(atOnce[row.server]).toFixed(1)} KiB/conn` : '');
  }
}

const settings = [
  `- Method: servers pinned to CPU 0, load generators to CPU 1 (taskset); ${rounds} round(s) of ${seconds} s per server ` +
    `and case, interleaved; ${warmup} s warm-up per server not counted; medians with min–max; all on 127.0.0.1.`,
  `- Memory: ${memoryRounds} round(s); RSS (VmRSS) of the server process after ${idle.warm} warm connections and after ${idle.count} more, each ` +
    `read once the process has settled: a full GC (Node servers), ${SETTLE_MS / 1000} s idle (V8 then returns the young ` +
    `generation it grew for the burst), another full GC. The servers of a round are measured side by side. The notes ` +
    `give the reading taken at once after the burst (what earlier reports used). × ratios there are lower-is-better.`,
  `- Load average (1 min) ${loadBefore} before and ${os.loadavg()[0].toFixed(2)} after the run (2 would mean both cores busy ` +
    `all along, as the run itself keeps them); run time ${((Date.now() - startedAt) / 60_000).toFixed(1)} min.`,
  ...(noNginx ? ['- nginx: not run (smoke mode, --no-nginx, or not installed).'] : []),
];
// the nginx command names a generated config: show one (they differ only in ports) so the run can be repeated
const appendix = noNginx
  ? []
  : ['### nginx config (with ports 8080, 8081, 8443 for h1, h2c, TLS)', '', '```nginx', nginxConfig({ h1: 8080, h2c: 8081, tls: 8443 }, '$ROOT'), '```', ''];
const report = markdown({ date, mode: smoke ? 'smoke' : 'full', settings, rows, commands, appendix });
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${date}.md`);
writeFileSync(file, report);
writeFileSync(path.join(outDir, `${date}.json`), JSON.stringify({ date, smoke, rows }, null, 2));
copyFileSync(file, path.join(outDir, 'latest.md'));
process.stdout.write(`${report}\nwritten: ${file}\n`);
