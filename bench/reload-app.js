// SPDX-License-Identifier: Apache-2.0
// The HTTP app of bench/reload.py: answers every request with its pid. Under velos it serves the
// socket velos holds for it (socket activation: fd 3, LISTEN_FDS); under PM2's cluster mode it
// listens on $PORT and PM2's master shares the port between the workers. On SIGINT (PM2) or SIGTERM
// (velos) it stops accepting and exits once the requests it has accepted are answered.
'use strict';
const http = require('http');

const server = http.createServer((req, res) => {
  res.setHeader('Connection', 'close');
  res.end(`${process.pid}\n`);
});
if (process.env.LISTEN_FDS) {
  server.listen({ fd: 3 });
} else {
  server.listen(Number(process.env.PORT), '127.0.0.1');
}
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
