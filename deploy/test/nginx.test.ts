/**
 * TSGI behind nginx (deploy/configs/nginx.conf): TLS + HTTP/2 to the client, HTTP/1.1 keep-alive to each of the
 * two servers (client_max_body_size and proxy_request_buffering off carry the upload). Skips when nginx or curl is
 * not installed (.ci/run installs them).
 */
import { describeHttpProxy } from './http-proxy-suite.js';
import { CERT_FILE, startNginx } from './proxies.js';
import { TOOLS } from './tools.js';

describeHttpProxy({
  name: 'nginx',
  installed: TOOLS.nginx !== null,
  start: startNginx,
  curl: ['--http2', '--cacert', CERT_FILE],
  curlVersion: '2',
  h2load: [],
  forwardedHost: () => '127.0.0.1', // $host: the name without the port
});
