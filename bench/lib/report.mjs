// @ts-check
/**
 * @module The report: medians with min–max, ratios to the bare Node baseline, the targets of issue 7, the machine,
 * the versions and the exact commands, as Markdown.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * @typedef {object} Row one server in one case
 * @property {string} caseId
 * @property {string} caseTitle
 * @property {string} server server kind id
 * @property {string} label
 * @property {string} unit
 * @property {number[]} samples one per round
 * @property {string} [extra] a second figure (memory: RSS at start)
 * @property {boolean} [lowerIsBetter]
 */

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** @param {number} n */
const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

/** @param {string} command @param {string[]} args @param {RegExp} pattern */
function version(command, args, pattern) {
  // nginx -v and wrk -v print to stderr, and wrk -v exits non-zero: read both streams, ignore the status
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.error) return 'not installed';
  return pattern.exec(`${run.stdout}${run.stderr}`)?.[1] ?? 'unknown';
}

/** The machine and the versions, as report lines. */
export function environment() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown';
  const memKiB = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  let rev = 'unknown';
  try {
    rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages', 'spec'], { encoding: 'utf8' }).trim();
    if (dirty) rev += ' (with uncommitted changes in packages/ or spec/)';
  } catch {
    // not a git checkout
  }
  return [
    `- Machine: ${execFileSync('nproc', { encoding: 'utf8' }).trim()} CPUs (nproc), ${model}, ` +
      `${(memKiB / 1024 / 1024).toFixed(1)} GiB memory, Linux ${os.release()}`,
    `- Versions: node ${process.version}, nginx ${version('nginx', ['-v'], /nginx\/(\S+)/)}, ` +
      `wrk ${version('wrk', ['-v'], /wrk (\S+)/)}, h2load ${version('h2load', ['--version'], /nghttp2\/(\S+)/)}, ` +
      `TSGI ${rev}`,
  ];
}

/**
 * The targets of issue 7, each a ratio of two rows' medians.
 * @type {{ label: string, caseId: string, server: string, base: string, goal: number, atMost?: boolean }[]}
 */
const TARGETS = [
  { label: 'HTTP/1.1 hello: reference / bare node:http', caseId: 'h1-hello', server: 'reference', base: 'bare-http', goal: 2 },
  { label: 'h2c hello: reference / bare node:http2', caseId: 'h2c-hello', server: 'reference', base: 'bare-http2', goal: 2 },
  { label: 'h2 TLS hello: reference / bare node:http2', caseId: 'h2-tls-hello', server: 'reference', base: 'bare-http2', goal: 2 },
  { label: '1 MiB file HTTP/1.1: reference / node:http pipe', caseId: 'h1-file', server: 'reference', base: 'bare-http', goal: 1.5 },
  { label: 'idle h1 connection RSS: reference / node:http', caseId: 'mem-h1', server: 'reference', base: 'bare-http', goal: 0.5, atMost: true },
  { label: 'idle h2c connection RSS: reference / node:http2', caseId: 'mem-h2c', server: 'reference', base: 'bare-http2', goal: 0.5, atMost: true },
  { label: 'idle h2 TLS connection RSS: reference / node:http2', caseId: 'mem-h2-tls', server: 'reference', base: 'bare-http2', goal: 0.5, atMost: true },
  { label: 'HTTP/1.1 hello: node server / bare node:http', caseId: 'h1-hello', server: 'node', base: 'bare-http', goal: 0.85 },
  { label: 'h2c hello: node server / bare node:http2', caseId: 'h2c-hello', server: 'node', base: 'bare-http2', goal: 0.85 },
  { label: 'h2 TLS hello: node server / bare node:http2', caseId: 'h2-tls-hello', server: 'node', base: 'bare-http2', goal: 0.85 },
];

/**
 * @param {{ date: string, mode: string, settings: string[], rows: Row[], commands: string[], appendix: string[] }} run
 * @returns {string}
 */
export function markdown(run) {
  /** @param {string} caseId @param {string} server */
  const find = (caseId, server) => run.rows.find((r) => r.caseId === caseId && r.server === server);
  const lines = [`# TSGI benchmarks, ${run.date} (${run.mode})`, '', ...environment(), ...run.settings, ''];
  lines.push('## Results', '');
  lines.push('| case | server | median | min–max | unit | × bare node | × nginx | notes |', '|---|---|--:|--:|---|--:|--:|---|');
  for (const row of run.rows) {
    const family = row.caseId.includes('h2') ? 'bare-http2' : 'bare-http';
    const m = median(row.samples);
    /** @param {Row | undefined} base */
    const ratio = (base) => (base && median(base.samples) > 0 ? `${(m / median(base.samples)).toFixed(2)}×` : '–');
    lines.push(
      `| ${row.caseTitle} | ${row.label} | ${fmt(m)} | ${fmt(Math.min(...row.samples))}–${fmt(Math.max(...row.samples))} ` +
        `| ${row.unit} | ${ratio(find(row.caseId, family))} | ${ratio(find(row.caseId, 'nginx'))} | ${row.extra ?? ''} |`,
    );
  }
  lines.push('', '## Targets (issue 7)', '', '| target | ratio | goal | met |', '|---|--:|--:|---|');
  for (const t of TARGETS) {
    const a = find(t.caseId, t.server);
    const b = find(t.caseId, t.base);
    if (!a || !b) continue;
    const r = median(a.samples) / median(b.samples);
    const met = t.atMost ? r <= t.goal : r >= t.goal;
    lines.push(`| ${t.label} | ${r.toFixed(2)}× | ${t.atMost ? '≤' : '≥'} ${t.goal}× | ${met ? 'yes' : '**no**'} |`);
  }
  lines.push('', '## Commands', '', 'Ports are picked free per run; `$ROOT` is the run\'s temp dir (the 1 MiB `file.bin`, nginx config).', '', '```sh');
  lines.push(...run.commands, '```', '', ...run.appendix);
  return lines.join('\n');
}
