/**
 * @module `tsgi-conformance`: runs the conformance scenarios against a server module (in-process) or a server
 * command (another process), prints a report table and exits non-zero on any failure.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { launcherTarget, type ServeFunction } from '../launcher.js';
import { ALL_PROTOCOLS, type Protocol, type Target } from '../types.js';
import { commandTarget, REMOTE_APP_PATH } from './command-target.js';
import { formatReport } from './report.js';
import { runScenarios } from './runner.js';

const USAGE = `Usage: tsgi-conformance (--server <module> | --command "<command>") [options]

Runs the TSGI conformance scenarios and prints a report; exits 1 when a scenario fails.

  --server <module>     a module exporting serve(app, options) (the launcher convention, spec SERVER-LAUNCHER);
                        a path (./dist/index.js) or a package name. The suite starts it in this process with
                        listen: [cleartext, TLS] on free ports.
  --export <name>       the export to use (default "serve")
  --command "<cmd>"     a shell command that starts a server in another process; placeholders {port} (HTTP/1.1 and
                        h2c), {tlsPort} (TLS: h2 and http/1.1 by ALPN), {cert}, {key} (the suite's test-only PEM
                        files) and {app} (a module exporting the probe app as default and "app"). Scenarios whose
                        probe app must run in-process, or that need server options or the server log, are skipped.
  --protocols <list>    comma-separated subset of ${ALL_PROTOCOLS.join(',')} (default all)
  --only <text>         only scenarios citing this id or whose name contains this text (repeatable; commas too)
  --timeout <ms>        deadline of each scenario (default 15000)
  --verbose             print the command's output (--command mode)
  -h, --help            this text

Examples:
  tsgi-conformance --server ./packages/server/dist/index.js --protocols h2,h2c --only HTTP-RESP-NOBODY
  tsgi-conformance --command "node packages/cli/bin/tsgi.js serve {app} --port {port} --tls-port {tlsPort} --tls-cert {cert} --tls-key {key} --log-level silent"
`;

/** Where the CLI writes. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

async function loadServe(spec: string, exportName: string): Promise<ServeFunction> {
  const pathLike = spec.startsWith('.') || isAbsolute(spec) || /\.[cm]?[jt]s$/.test(spec);
  const module = (await import(pathLike ? pathToFileURL(resolve(spec)).href : spec)) as Record<string, unknown>;
  const serve = module[exportName];
  if (typeof serve !== 'function') throw new Error(`${spec} has no function export "${exportName}"`);
  return serve as ServeFunction;
}

function parseProtocols(list: string | undefined): Protocol[] | undefined {
  if (!list) return undefined;
  const names = list.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = names.filter((p) => !(ALL_PROTOCOLS as readonly string[]).includes(p));
  if (bad.length) throw new Error(`unknown protocol(s) ${bad.join(', ')}; use ${ALL_PROTOCOLS.join(', ')}`);
  return names as Protocol[];
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let target: Target;
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        server: { type: 'string' },
        export: { type: 'string', default: 'serve' },
        command: { type: 'string' },
        protocols: { type: 'string' },
        only: { type: 'string', multiple: true },
        timeout: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }));
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const server = values.server as string | undefined;
    const command = values.command as string | undefined;
    if (!server === !command) throw new Error('give exactly one of --server and --command');
    const protocols = parseProtocols(values.protocols as string | undefined);
    target = server
      ? launcherTarget(server, await loadServe(server, values.export as string), protocols ? { protocols } : {})
      : commandTarget(command!, { ...(protocols ? { protocols } : {}), ...(values.verbose ? { output: io.err } : {}) });
  } catch (error) {
    io.err(`tsgi-conformance: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const only = ((values.only as string[] | undefined) ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean);
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (values.command) io.err(`probe module for {app}: ${REMOTE_APP_PATH}\n`);
  const results = await runScenarios(target, {
    ...(only.length ? { only } : {}),
    ...(timeout ? { timeoutMs: timeout } : {}),
    onResult: (r) => io.err(`${r.status === 'pass' ? '.' : r.status === 'skip' ? 's' : 'F'}`),
  });
  io.err('\n');
  io.out(formatReport(results));
  if (results.length === 0) {
    io.err('tsgi-conformance: no scenario matched\n');
    return 2;
  }
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
