// @ts-check
/**
 * @module The servers under test: how each is started (one process, pinned to the server core), on which ports,
 * and its command line for the report. nginx gets a generated config in the run's temp dir.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, SERVER_CPU, startPinned, waitForPort } from './procs.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const CERTS = fileURLToPath(new URL('../../packages/server/test/fixtures/certs/', import.meta.url));

/**
 * @typedef {import('./loads.mjs').Ports} Ports
 * @typedef {{ child: import('./procs.mjs').Child, ports: Ports, command: string, gc: boolean }} Running
 * @typedef {object} ServerKind
 * @property {string} id
 * @property {string} label
 * @property {ReadonlyArray<'h1' | 'h2'>} families the cases it takes part in
 * @property {(ports: Ports, app: 'hello' | 'static', root: string) => { command: string, args: string[] }} command
 */

/** @param {string} script @param {string[]} args */
const nodeScript = (script, args) => ({ command: process.execPath, args: [path.join(BENCH, script), ...args] });

/** @type {ServerKind[]} */
export const SERVER_KINDS = [
  {
    id: 'reference',
    label: 'TSGI reference (@tsgi/server)',
    families: ['h1', 'h2'],
    command: (p, app, root) =>
      nodeScript('servers/tsgi.mjs', ['--server', 'reference', '--app', app, '--root', root, '--port', `${p.h1}`, '--tls-port', `${p.tls}`]),
  },
  {
    id: 'node',
    label: 'TSGI on node (@tsgi/node)',
    families: ['h1', 'h2'],
    command: (p, app, root) =>
      nodeScript('servers/tsgi.mjs', ['--server', 'node', '--app', app, '--root', root, '--port', `${p.h1}`, '--tls-port', `${p.tls}`]),
  },
  {
    id: 'bare-http',
    label: 'bare node:http',
    families: ['h1'],
    command: (p, _app, root) => nodeScript('servers/bare-http.mjs', ['--root', root, '--port', `${p.h1}`]),
  },
  {
    id: 'bare-http2',
    label: 'bare node:http2',
    families: ['h2'],
    command: (p, _app, root) =>
      nodeScript('servers/bare-http2.mjs', ['--root', root, '--port', `${p.h2c}`, '--tls-port', `${p.tls}`]),
  },
  {
    id: 'nginx',
    label: 'nginx',
    families: ['h1', 'h2'],
    command: (p, _app, root) => {
      const conf = path.join(root, `nginx-${p.h1}.conf`);
      writeFileSync(conf, nginxConfig(p, root));
      return { command: 'nginx', args: ['-p', root, '-c', conf, '-e', path.join(root, 'nginx-error.log')] };
    },
  },
];

/** The bare baseline of a case family. @param {'h1' | 'h2'} family */
export const bareOf = (family) => (family === 'h1' ? 'bare-http' : 'bare-http2');

/**
 * One single-process nginx (`master_process off`, so the pid we pin, stop and read RSS from is the one serving;
 * `worker_processes 1` states the intent). In 1.22 a cleartext `http2` listener is h2c only, hence three ports.
 * Keep-alive limits are lifted to match the Node servers, which have none.
 * @param {Ports} p @param {string} root
 */
export function nginxConfig(p, root) {
  return `worker_processes 1;
master_process off;
daemon off;
pid ${root}/nginx-${p.h1}.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${root}/nginx-body; proxy_temp_path ${root}/nginx-proxy;
  fastcgi_temp_path ${root}/nginx-fastcgi; uwsgi_temp_path ${root}/nginx-uwsgi; scgi_temp_path ${root}/nginx-scgi;
  keepalive_timeout 120s;
  keepalive_requests 100000000;
  client_max_body_size 0;
  sendfile on;
  tcp_nopush on;
  default_type text/plain;
  charset utf-8;
  ssl_certificate ${CERTS}cert.pem;
  ssl_certificate_key ${CERTS}key.pem;
  server {
    listen 127.0.0.1:${p.h1};
    listen 127.0.0.1:${p.h2c} http2;
    listen 127.0.0.1:${p.tls} ssl http2;
    location = /file.bin { root ${root}; default_type application/octet-stream; charset off; }
    location / { return 200 "Hello, World"; }
  }
}
`;
}

/**
 * Starts a server kind on fresh ports and waits until every port it serves accepts connections.
 * `gc` adds --expose-gc (memory case), `nodeFlags` more node options (e.g. --cpu-prof); ignored for nginx.
 * @param {ServerKind} kind @param {'hello' | 'static'} app @param {string} root
 * @param {{ gc?: boolean, nodeFlags?: string[] }} [options]
 * @returns {Promise<Running>}
 */
export async function startServer(kind, app, root, options = {}) {
  const h1 = await freePort();
  const tls = await freePort();
  // the Node servers take h2c by prior knowledge on their cleartext port; nginx 1.22 needs a port of its own
  const ports = { h1, tls, h2c: kind.id === 'nginx' ? await freePort() : h1 };
  const { command, args } = kind.command(ports, app, root);
  // --expose-gc only where the memory case asks for it, so the throughput runs use Node exactly as shipped
  const flags = [...(options.gc ? ['--expose-gc'] : []), ...(options.nodeFlags ?? [])];
  const nodeArgs = command === process.execPath ? [...flags, ...args] : args;
  const child = startPinned(SERVER_CPU, command, nodeArgs);
  const shown = `taskset -c ${SERVER_CPU} ${command === process.execPath ? 'node' : command} ${nodeArgs.join(' ')}`;
  const open = kind.id === 'bare-http' ? [h1] : kind.id === 'bare-http2' ? [ports.h2c, tls] : [...new Set([h1, ports.h2c, tls])];
  for (const port of open) await waitForPort(port, child);
  return { child, ports, command: shown, gc: command === process.execPath && Boolean(options.gc) };
}
