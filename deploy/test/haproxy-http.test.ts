/**
 * TSGI behind HAProxy in HTTP mode (deploy/configs/haproxy-http.cfg): TLS with HTTP/1.1 or HTTP/2 to the client,
 * HTTP/1.1 keep-alive to each of the two servers. Skips when haproxy or curl is not installed (.ci/run installs them).
 */
import { describeHttpProxy } from './http-proxy-suite.js';
import { CERT_FILE, startHaproxyHttp } from './proxies.js';
import { TOOLS } from './tools.js';

describeHttpProxy({
  name: 'HAProxy in HTTP mode',
  installed: TOOLS.haproxy !== null,
  start: startHaproxyHttp,
  curl: ['--http1.1', '--cacert', CERT_FILE],
  curlVersion: '1.1',
  h2load: ['--h1'],
  forwardedHost: (port) => `127.0.0.1:${port}`, // the Host header as the client sent it
});
