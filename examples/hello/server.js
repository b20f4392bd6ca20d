// velos example: a tiny HTTP server that logs every request. PORT defaults to 3000.
//   velos start examples/hello/server.js      -> process 'server'
//   curl http://127.0.0.1:3000/
const http = require('http');

const port = Number(process.env.PORT || 3000);
let requests = 0;

const server = http.createServer((req, res) => {
  requests += 1;
  console.log(`${req.method} ${req.url} (#${requests})`);
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('hello from velos\n');
});

server.listen(port, '127.0.0.1', () => {
  console.log(`server: listening on http://127.0.0.1:${port}/`);
  signalReady();
});

// With `wait_ready` velos keeps the app "starting" until it says it is ready. PM2-style apps call
// process.send('ready') (velos gives Node apps that channel); otherwise write velos's framed
// message - the 4-byte little-endian length, then "ready" - to the descriptor in VELOS_IPC_FD.
function signalReady() {
  if (typeof process.send === 'function') {
    process.send('ready');
  } else if (process.env.VELOS_IPC_FD) {
    const frame = Buffer.alloc(9);
    frame.writeUInt32LE(5, 0);
    frame.write('ready', 4);
    require('fs').writeSync(Number(process.env.VELOS_IPC_FD), frame);
  }
}

process.on('SIGTERM', () => {
  console.log(`server: SIGTERM after ${requests} request(s), closing`);
  server.close(() => process.exit(0));
});
