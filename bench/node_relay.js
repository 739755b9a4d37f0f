// Node.js peer for bench/run: GET /relay?url=U relays U's status, Content-Type, Content-Length
// and its streamed body. Core http only, one keep-alive agent sized like fetchflux's pool.
// usage: node bench/node_relay.js PORT
'use strict';
const http = require('http');

const port = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4096, maxFreeSockets: 4096 });

const server = http.createServer((req, res) => {
  const query = new URL(req.url, 'http://relay').searchParams;
  const url = query.get('url');
  if (!req.url.startsWith('/relay?') || !url) {
    res.writeHead(404).end();
    return;
  }
  let upstream;
  try {
    upstream = http.get(url, { agent }, (up) => {
      const headers = {};
      if (up.headers['content-type']) headers['content-type'] = up.headers['content-type'];
      if (up.headers['content-length']) headers['content-length'] = up.headers['content-length'];
      res.writeHead(up.statusCode, headers);
      up.pipe(res);
    });
  } catch (e) { // a URL that is not http://
    res.writeHead(400).end();
    return;
  }
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  res.on('close', () => { if (!res.writableFinished) upstream.destroy(); });
});
server.keepAliveTimeout = 300000;
server.headersTimeout = 301000;
server.listen(port, '127.0.0.1', () => console.log(`node relay listening on ${port}`));
