/**
 * @module Whether a server already has the issue-8 features the proxy tests need (trusted proxy headers, PROXY
 * protocol), found out by trying them on a throwaway server: the tests of those features skip until the
 * branch that builds them is merged, and run without edits afterwards.
 */
import { exchange } from '../../packages/server/test/sockets.js';
import { createTestApp, startTsgi, type Echo, type ServerKind } from './apps.js';

/** The reason the feature-guarded tests give when they skip. */
export const PROXY_PROTOCOL_MISSING = 'needs PROXY protocol support (issue 8, other branch)';
export const TRUSTED_PROXIES_MISSING = 'needs trusted proxy headers (issue 8, other branch)';

// 192.0.2.0/24 is TEST-NET-1 (RFC 5737): an address no real peer of this test has.
const FAKE_CLIENT = '192.0.2.1';

function echoOf(reply: string): Echo | null {
  const start = reply.indexOf('\r\n\r\n');
  if (!reply.startsWith('HTTP/1.1 200') || start < 0) return null;
  try {
    return JSON.parse(reply.slice(start + 4)) as Echo;
  } catch {
    return null;
  }
}

async function probe(kind: ServerKind, extra: Record<string, unknown>, request: string): Promise<Echo | null> {
  const { app } = createTestApp();
  let tsgi;
  try {
    tsgi = await startTsgi(kind, app, extra);
    return echoOf(await exchange(tsgi.port, request, 3000));
  } catch {
    return null;
  } finally {
    await tsgi?.server.close();
  }
}

const GET_ECHO = 'GET /echo HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n';

/** `true` when a `proxyProtocol: true` listener of `kind` takes the client from a PROXY v1 header. */
export async function hasProxyProtocol(kind: ServerKind): Promise<boolean> {
  const extra = { listen: [{ host: '127.0.0.1', port: 0, proxyProtocol: true }] };
  const echo = await probe(kind, extra, `PROXY TCP4 ${FAKE_CLIENT} 127.0.0.1 40000 80\r\n${GET_ECHO}\r\n`);
  return echo?.client?.[0] === FAKE_CLIENT && echo.client[1] === 40000;
}

/** `true` when `kind` with `trustedProxies: ['127.0.0.1']` takes the client from X-Forwarded-For. */
export async function hasTrustedProxies(kind: ServerKind): Promise<boolean> {
  const echo = await probe(kind, { trustedProxies: ['127.0.0.1'] }, `${GET_ECHO}X-Forwarded-For: ${FAKE_CLIENT}\r\n\r\n`);
  return echo?.client?.[0] === FAKE_CLIENT;
}
