// The load generator's own share of a latency figure: a server that answers every request at
// once (202 to a POST, 200 to GET /status) without reading JSON, validating or touching Redis.
// bench/api-throughput.mjs loads it like the others; whatever latency it shows is autocannon's
// and the machine's, not a server's.
//   PORT=5098 node bench/null-server.mjs
import { createServer } from 'node:http';

const port = Number(process.env.PORT || 5098);
const ACCEPTED = JSON.stringify({ status: 'aceito', mensagem: 'SMS recebido e enfileirado para envio.', id: '00000000-0000-4000-8000-000000000000' });
const ONLINE = JSON.stringify({ status: 'online' });

const server = createServer((req, res) => {
  req.resume();
  req.once('end', () => {
    const body = req.method === 'POST' ? ACCEPTED : ONLINE;
    res.writeHead(req.method === 'POST' ? 202 : 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
