// @ts-check
/**
 * @module The loads: the exact load-generator command of each case, run pinned to the client core and bounded in
 * time, and the parsers that turn their output into one figure. A run whose output shows failed requests or
 * non-2xx answers throws: a fast error page must never count as throughput.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLIENT_CPU, runPinned } from './procs.mjs';

/** The 1 MiB file of the file cases. */
export const FILE_BYTES = 1024 * 1024;
const BENCH = fileURLToPath(new URL('..', import.meta.url));

/** @param {string} command */
export function has(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const WRK = has('wrk');

/**
 * @typedef {{ h1: number, h2c: number, tls: number }} Ports cleartext HTTP/1.1, h2c by prior knowledge, h2 over TLS
 * @typedef {{ command: string, args: string[], parse: (output: string) => number }} Load
 */

/** @param {string} output */
function parseWrk(output) {
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  if (!rate) throw new Error(`no Requests/sec in wrk output:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (non2xx) throw new Error(`wrk: ${non2xx[1]} non-2xx answers`);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  // read errors are the server closing idle keep-alive sockets at wrk's stop; connect/timeout ones are failures
  if (errors && (Number(errors[1]) > 0 || Number(errors[4]) > 0)) throw new Error(`wrk: ${errors[0]}`);
  return Number(rate[1]);
}

/** @param {string} output */
function parseH2load(output) {
  const rate = /finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(output);
  if (!rate) throw new Error(`no req/s in h2load output:\n${output}`);
  const codes = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(output);
  if (!codes || Number(codes[1]) === 0 || Number(codes[3]) + Number(codes[4]) > 0) {
    throw new Error(`h2load: bad status codes: ${codes?.[0] ?? output}`);
  }
  const errored = /requests: \d+ total, \d+ started, \d+ done, \d+ succeeded, \d+ failed, (\d+) errored/.exec(output);
  if (errored && Number(errored[1]) > 0) throw new Error(`h2load: ${errored[0]}`);
  return Number(rate[1]);
}

/** req/s of a file case → MB/s of body bytes (10^6 bytes, as wrk and h2load print). */
const fileMBps = (/** @type {number} */ rate) => (rate * FILE_BYTES) / 1e6;

/**
 * HTTP/1.1 keep-alive with `connections` connections for `seconds`: wrk, or h2load --h1 when wrk is absent.
 * @param {string} url @param {number} connections @param {number} seconds
 * @returns {Load}
 */
function h1KeepAlive(url, connections, seconds) {
  return WRK
    ? { command: 'wrk', args: ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], parse: parseWrk }
    : { command: 'h2load', args: ['--h1', '-t1', `-c${connections}`, '-D', String(seconds), url], parse: parseH2load };
}

/** @param {string} url @param {number} connections @param {number} streams @param {number} seconds @returns {Load} */
function h2(url, connections, streams, seconds) {
  return { command: 'h2load', args: ['-t1', `-c${connections}`, `-m${streams}`, '-D', String(seconds), url], parse: parseH2load };
}

/**
 * @typedef {object} LoadCase
 * @property {string} id
 * @property {string} title
 * @property {'h1' | 'h2'} family which bare baseline applies: node:http or node:http2
 * @property {'hello' | 'static'} app
 * @property {string} unit
 * @property {(ports: Ports, seconds: number) => Load} load
 */

/** @type {LoadCase[]} */
export const LOAD_CASES = [
  {
    id: 'h1-hello',
    title: 'HTTP/1.1 hello, keep-alive, 50 connections',
    family: 'h1',
    app: 'hello',
    unit: 'req/s',
    load: (p, s) => h1KeepAlive(`http://127.0.0.1:${p.h1}/`, 50, s),
  },
  {
    id: 'h1-pipelined',
    title: 'HTTP/1.1 hello, pipelined 16 deep, 10 connections',
    family: 'h1',
    app: 'hello',
    unit: 'req/s',
    load: (p, s) => ({
      command: 'h2load',
      args: ['--h1', '-t1', '-c10', '-m16', '-D', String(s), `http://127.0.0.1:${p.h1}/`],
      parse: parseH2load,
    }),
  },
  {
    id: 'h2c-hello',
    title: 'h2c hello, 10 connections × 10 streams',
    family: 'h2',
    app: 'hello',
    unit: 'req/s',
    load: (p, s) => h2(`http://127.0.0.1:${p.h2c}/`, 10, 10, s),
  },
  {
    id: 'h2-tls-hello',
    title: 'h2 over TLS hello, 10 connections × 10 streams',
    family: 'h2',
    app: 'hello',
    unit: 'req/s',
    load: (p, s) => h2(`https://127.0.0.1:${p.tls}/`, 10, 10, s),
  },
  {
    id: 'h1-file',
    title: '1 MiB static file, HTTP/1.1, 10 connections',
    family: 'h1',
    app: 'static',
    unit: 'MB/s',
    load: (p, s) => {
      const load = h1KeepAlive(`http://127.0.0.1:${p.h1}/file.bin`, 10, s);
      return { ...load, parse: (out) => fileMBps(load.parse(out)) };
    },
  },
  {
    id: 'h2c-file',
    title: '1 MiB static file, h2c, 10 connections × 1 stream',
    family: 'h2',
    app: 'static',
    unit: 'MB/s',
    load: (p, s) => {
      const load = h2(`http://127.0.0.1:${p.h2c}/file.bin`, 10, 1, s);
      return { ...load, parse: (out) => fileMBps(load.parse(out)) };
    },
  },
  {
    id: 'h1-upload',
    title: 'HTTP/1.1 upload, 64 MiB bodies in 64 KiB chunks, 1 connection',
    family: 'h1',
    app: 'hello',
    unit: 'MB/s',
    load: (p, s) => ({
      command: process.execPath,
      args: [`${BENCH}clients/upload.mjs`, '--port', String(p.h1), '--mib', '64', '--seconds', String(s)],
      parse: (out) => {
        const result = JSON.parse(out.trim().split('\n').pop() ?? '');
        return result.bytes / result.seconds / 1e6;
      },
    }),
  },
];

/**
 * Runs one load pinned to the client core, bounded to its duration plus a margin.
 * @param {Load} load @param {number} seconds
 */
export async function runLoad(load, seconds) {
  const output = await runPinned(CLIENT_CPU, load.command, load.args, (seconds + 30) * 1000);
  return load.parse(output);
}

/** The load's command line as it ran, for the report. @param {Load} load */
export const commandLine = (load) =>
  `taskset -c ${CLIENT_CPU} ${load.command === process.execPath ? 'node' : load.command} ${load.args.join(' ')}`;
