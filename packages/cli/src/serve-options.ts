/**
 * @module From the effective settings to the options of `serve()` (shared by both servers, `GatewayOptions`): the
 * listeners from `--bind`/`--tls-bind` or `--host`/`--port`/`--tls-port`, and the proxy, worker and log options.
 */
import type { ListenOptions, ServeOptions, TlsOptions } from '@tsgi/server';
import { parseAddress } from './address.js';
import { usageError } from './command-line.js';
import type { Settings } from './options.js';

/** Where the HTTPS certificate comes from, decided before any file is read. */
export type TlsSource =
  | {
      /** PEM files named by `--tls-cert` and `--tls-key`. */
      kind: 'files';
      /** The certificate chain file. */
      cert: string;
      /** The private key file. */
      key: string;
    }
  | {
      /** The cached self-signed localhost certificate (`--self-signed`). */
      kind: 'self-signed';
    }
  | null;

/**
 * Which certificate the settings ask for, or `null` for cleartext only.
 *
 * @throws {CliError} `TSGI_CLI_USAGE` for `--tls-cert` without `--tls-key` (or the reverse), `--self-signed` with
 *   either, and `--tls-bind` with neither.
 */
export function tlsSourceOf(values: Settings): TlsSource {
  const { tlsCert: cert, tlsKey: key } = values;
  let source: TlsSource = null;
  if (values.selfSigned) {
    if (cert !== null || key !== null) throw usageError('--self-signed replaces --tls-cert and --tls-key');
    source = { kind: 'self-signed' };
  } else if (cert !== null || key !== null) {
    if (cert === null || key === null) throw usageError('--tls-cert and --tls-key go together');
    source = { kind: 'files', cert, key };
  }
  if (source === null && values.tlsBind.length > 0) {
    throw usageError('--tls-bind needs a certificate: --tls-cert and --tls-key, or --self-signed');
  }
  return source;
}

/**
 * The `serve()` options for `values` (all but the logger, which the command makes). `tls` is the certificate
 * {@link tlsSourceOf} asked for, read; `null` for cleartext only.
 *
 * Listeners: each `bind` address, else `host`:`port`; with a certificate, each `tlsBind` address, else
 * `host`:`tlsPort`, serving HTTPS.
 */
export function buildServeOptions(values: Settings, tls: TlsOptions | null): Omit<ServeOptions, 'logger'> {
  const cleartext: ListenOptions[] =
    values.bind.length > 0 ? values.bind.map(parseAddress) : [{ host: values.host, port: values.port }];
  const secure: ListenOptions[] =
    tls === null
      ? []
      : (values.tlsBind.length > 0 ? values.tlsBind.map(parseAddress) : [{ host: values.host, port: values.tlsPort }]).map(
          (address) => ({ ...address, tls }),
        );
  return {
    listen: [...cleartext, ...secure],
    rootPath: values.rootPath,
    accessLog: values.accessLog ? values.accessLogFormat : false,
    proxyProtocol: values.proxyProtocol,
    trustedProxies: values.trustedProxy,
    proxyHeaders: values.proxyHeaders,
    workers: values.workers,
    handleSignals: true,
  };
}
