/**
 * @module A self-signed TLS certificate for serving HTTPS on localhost, made once and cached.
 *
 * The certificate is an ECDSA P-256 leaf (CA:false, digitalSignature, serverAuth) for `localhost`,
 * `127.0.0.1` and `::1`, valid for 397 days (browsers refuse leaves valid for more than 398). It is kept
 * in the user's cache directory and made anew when it is missing, unreadable, does not cover the
 * requested hosts, or has less than 7 days left.
 */
import { X509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { CliError } from './errors.js';

/** Options for {@link selfSignedCertificate}. */
export interface SelfSignedOptions {
  /** Where the pair is cached; default `$XDG_CACHE_HOME/tsgi`, else `~/.cache/tsgi`. */
  cacheDir?: string;
  /** Host names or IP addresses to cover besides `localhost`, `127.0.0.1` and `::1`. */
  hosts?: string[];
  /** The current time (for tests); default `new Date()`. */
  now?: Date;
}

/** A certificate and its private key, as PEM text and as the files they are cached in. */
export interface SelfSignedCertificate {
  /** The certificate, PEM (`-----BEGIN CERTIFICATE-----`). */
  cert: string;
  /** The private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  key: string;
  certPath: string;
  keyPath: string;
  /** True when the pair was made by this call, false when the cached one was reused. */
  created: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days a new certificate is valid for: under the 398 days browsers accept for a leaf. */
const VALID_DAYS = 397;
/** A cached certificate with fewer days left than this is replaced. */
const RENEW_DAYS = 7;
const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '::1'];

/** The default cache directory: `$XDG_CACHE_HOME/tsgi`, or `~/.cache/tsgi`. */
function defaultCacheDir(): string {
  const xdg = process.env['XDG_CACHE_HOME'];
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'tsgi');
}

/**
 * Returns a self-signed certificate for localhost (plus `options.hosts`), reusing the cached pair when it
 * parses, matches its key, covers every host and is valid for at least 7 more days; otherwise makes a new
 * one and caches it (key file mode 0600, directory created 0700).
 *
 * @throws {CliError} `TSGI_CLI_TLS` when the cache directory or its files cannot be written, or a host
 *   is not a valid name or address.
 */
export async function selfSignedCertificate(options: SelfSignedOptions = {}): Promise<SelfSignedCertificate> {
  const dir = options.cacheDir ?? defaultCacheDir();
  const now = options.now ?? new Date();
  const hosts = [...new Set([...DEFAULT_HOSTS, ...(options.hosts ?? [])])];
  const certPath = join(dir, 'localhost-cert.pem');
  const keyPath = join(dir, 'localhost-key.pem');

  const cached = await readCached(certPath, keyPath);
  if (cached && isUsable(cached.cert, cached.key, hosts, now)) {
    return { ...cached, certPath, keyPath, created: false };
  }
  const { cert, key } = await generate(hosts, now);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeAtomically(keyPath, key, 0o600);
    await writeAtomically(certPath, cert, 0o644);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError('TSGI_CLI_TLS', `cannot cache the TLS certificate in ${dir}: ${reason}`, error);
  }
  return { cert, key, certPath, keyPath, created: true };
}

/**
 * A few lines telling the user the certificate is self-signed, where it is, and how to trust it
 * (curl, Node, Debian/Ubuntu system-wide); browsers warn until it is trusted.
 */
export function trustHint(certPath: string): string {
  return [
    `Serving HTTPS with a self-signed certificate for localhost: ${certPath}`,
    'Browsers will warn about it unless you trust it. To trust it:',
    `  curl:           curl --cacert ${certPath} https://localhost:8443/`,
    `  Node:           NODE_EXTRA_CA_CERTS=${certPath} node ...`,
    `  Debian/Ubuntu:  sudo cp ${certPath} /usr/local/share/ca-certificates/tsgi-localhost.crt && sudo update-ca-certificates`,
  ].join('\n');
}

/** The cached PEM pair, or undefined when either file is missing or unreadable. */
async function readCached(certPath: string, keyPath: string): Promise<{ cert: string; key: string } | undefined> {
  try {
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') };
  } catch {
    return undefined;
  }
}

/** Whether a cached pair parses, belongs together, covers `hosts` and stays valid for RENEW_DAYS. */
function isUsable(certPem: string, keyPem: string, hosts: string[], now: Date): boolean {
  try {
    const cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return false;
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    if (!(from <= now.getTime() && to - now.getTime() >= RENEW_DAYS * DAY_MS)) return false;
    return hosts.every((host) =>
      isIP(host) ? cert.checkIP(host) !== undefined : cert.checkHost(host, { wildcards: false }) !== undefined,
    );
  } catch {
    return false;
  }
}

/** Makes a new key pair and a certificate for `hosts`, valid from `now` - 1h for VALID_DAYS. */
async function generate(hosts: string[], now: Date): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const names = hosts.map((host) => {
    if (isIP(host)) return { type: 'ip' as const, value: host };
    if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(host)) {
      return { type: 'dns' as const, value: host.toLowerCase() };
    }
    throw new CliError('TSGI_CLI_TLS', `not a host name or IP address for the TLS certificate: ${JSON.stringify(host)}`);
  });
  const serial = webcrypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, and a full 16 bytes with no leading zero
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(serial).toString('hex'),
    name: 'CN=localhost',
    notBefore: new Date(now.getTime() - 60 * 60 * 1000),
    notAfter: new Date(now.getTime() + VALID_DAYS * DAY_MS),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const key = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return { cert: certificate.toString('pem') + '\n', key: key + '\n' };
}

/** Writes `text` to a temporary file with `mode` and renames it over `path`, so readers never see half a file. */
async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode });
  await chmod(temp, mode); // the mode is only applied on creation, and the umask may narrow it
  await rename(temp, path);
}
