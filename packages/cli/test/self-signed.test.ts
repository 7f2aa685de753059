import { X509Certificate } from 'node:crypto';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../src/errors.js';
import { selfSignedCertificate, trustHint } from '../src/self-signed.js';

const DAY_MS = 24 * 60 * 60 * 1000;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsgi-tls-'));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe('selfSignedCertificate', () => {
  it('creates a pair, caches it with a private key file, and reuses it', async () => {
    const first = await selfSignedCertificate({ cacheDir: dir });
    expect(first.created).toBe(true);
    expect(first.certPath).toBe(join(dir, 'localhost-cert.pem'));
    expect(first.keyPath).toBe(join(dir, 'localhost-key.pem'));
    expect(first.cert).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(first.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect((await stat(first.keyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(first.certPath)).isFile()).toBe(true);

    const second = await selfSignedCertificate({ cacheDir: dir });
    expect(second.created).toBe(false);
    expect(second.cert).toBe(first.cert);
    expect(second.key).toBe(first.key);
  });

  it('creates the cache directory with mode 0700', async () => {
    const nested = join(dir, 'a', 'tsgi');
    await selfSignedCertificate({ cacheDir: nested });
    expect((await stat(nested)).mode & 0o777).toBe(0o700);
  });

  it('replaces a certificate that is near expiry', async () => {
    const first = await selfSignedCertificate({ cacheDir: dir });
    const later = new Date(Date.now() + 395 * DAY_MS);
    const second = await selfSignedCertificate({ cacheDir: dir, now: later });
    expect(second.created).toBe(true);
    expect(second.cert).not.toBe(first.cert);
    expect(Date.parse(new X509Certificate(second.cert).validTo)).toBeGreaterThan(later.getTime() + 300 * DAY_MS);
    expect((await selfSignedCertificate({ cacheDir: dir, now: later })).created).toBe(false);
  });

  it('replaces a cached pair that does not cover the requested hosts, or does not parse', async () => {
    const first = await selfSignedCertificate({ cacheDir: dir });
    const wider = await selfSignedCertificate({ cacheDir: dir, hosts: ['dev.example.test', '192.0.2.7'] });
    expect(wider.created).toBe(true);
    expect(new X509Certificate(wider.cert).subjectAltName).toContain('DNS:dev.example.test');
    expect(new X509Certificate(wider.cert).subjectAltName).toContain('IP Address:192.0.2.7');
    expect((await selfSignedCertificate({ cacheDir: dir })).created).toBe(false); // a superset still covers

    await writeFile(first.certPath, 'not a certificate');
    expect((await selfSignedCertificate({ cacheDir: dir })).created).toBe(true);
  });

  it('makes a P-256 leaf for localhost with the SANs, CA:false and at most 398 days of validity', async () => {
    const { cert, key } = await selfSignedCertificate({ cacheDir: dir });
    const x = new X509Certificate(cert);
    expect(x.subject).toBe('CN=localhost');
    expect(x.issuer).toBe('CN=localhost');
    expect(x.ca).toBe(false);
    const sans = x.subjectAltName!.split(', ');
    expect(sans).toEqual(expect.arrayContaining(['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1']));
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // extended key usage: serverAuth
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const from = Date.parse(x.validFrom);
    const to = Date.parse(x.validTo);
    expect(from).toBeLessThanOrEqual(Date.now());
    expect(to - from).toBeLessThanOrEqual(398 * DAY_MS);
    expect(to - Date.now()).toBeGreaterThan(396 * DAY_MS);
    expect(x.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/i); // 16 bytes, high bit clear
    expect(x.checkPrivateKey((await import('node:crypto')).createPrivateKey(key))).toBe(true);
  });

  it('serves a TLS handshake that verifies against the certificate by name and by IP', async () => {
    const { cert, key } = await selfSignedCertificate({ cacheDir: dir });
    const server = tls.createServer({ cert, key }, (socket) => socket.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const connect = (options: tls.ConnectionOptions) =>
        new Promise<string>((resolve, reject) => {
          const socket = tls.connect({ port, ca: cert, ...options }, () => {
            if (!socket.authorized) reject(new Error(`not authorized: ${String(socket.authorizationError)}`));
          });
          let data = '';
          socket.setEncoding('utf8');
          socket.on('data', (chunk: string) => (data += chunk));
          socket.on('end', () => resolve(data));
          socket.on('error', reject);
        });
      expect(await connect({ host: '127.0.0.1', servername: 'localhost' })).toBe('hello');
      expect(await connect({ host: '127.0.0.1' })).toBe('hello'); // checks the IP SAN
      await expect(connect({ host: '127.0.0.1', servername: 'elsewhere.test' })).rejects.toThrow(/elsewhere\.test/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('throws TSGI_CLI_TLS when the cache directory cannot be written', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere: a file in the way below covers it
    await chmod(dir, 0o500);
    const error = await selfSignedCertificate({ cacheDir: join(dir, 'sub') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('TSGI_CLI_TLS');
  });

  it('throws TSGI_CLI_TLS when a file stands where the cache directory should be', async () => {
    const file = join(dir, 'file');
    await writeFile(file, '');
    const error = await selfSignedCertificate({ cacheDir: join(file, 'tsgi') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('TSGI_CLI_TLS');
    expect((error as CliError).cause).toBeInstanceOf(Error);
  });

  it('rejects a host that is neither a name nor an address', async () => {
    await expect(selfSignedCertificate({ cacheDir: dir, hosts: ['bad host'] })).rejects.toMatchObject({
      code: 'TSGI_CLI_TLS',
    });
  });
});

describe('trustHint', () => {
  it('says where the certificate is and how to trust it', () => {
    const hint = trustHint('/c/cert.pem');
    expect(hint).toContain('self-signed');
    expect(hint).toContain('/c/cert.pem');
    expect(hint).toContain('curl --cacert /c/cert.pem https://localhost:8443/');
    expect(hint).toContain('NODE_EXTRA_CA_CERTS=/c/cert.pem');
    expect(hint).toContain(
      'sudo cp /c/cert.pem /usr/local/share/ca-certificates/tsgi-localhost.crt && sudo update-ca-certificates',
    );
    expect(hint).toMatch(/[Bb]rowsers will warn/);
  });
});
