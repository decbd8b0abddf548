// Preloaded into the CLI (main thread, job workers and the job process, which inherits
// NODE_OPTIONS): any attempt at network access throws and leaves a line in the file named by
// PL_NETWORK_LOG, so a test can prove there was none.
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');
const log = process.env.PL_NETWORK_LOG;
fs.appendFileSync(log, `loaded in pid ${process.pid} ppid ${process.ppid} thread ${threadId}\n`);
function refuse(what) {
  return function () {
    fs.appendFileSync(log, `NETWORK ${what}\n`);
    throw new Error(`network access attempted: ${what}`);
  };
}
const net = require('node:net');
net.connect = net.createConnection = refuse('net.connect');
net.Socket.prototype.connect = refuse('socket.connect');
for (const name of ['node:http', 'node:https']) {
  const m = require(name);
  m.request = refuse(`${name}.request`);
  m.get = refuse(`${name}.get`);
}
const dns = require('node:dns');
dns.lookup = refuse('dns.lookup');
dns.resolve = refuse('dns.resolve');
dns.promises.lookup = refuse('dns.promises.lookup');
globalThis.fetch = refuse('fetch');
