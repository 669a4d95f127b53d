// The bare stack our API is measured against: Express 5 + one BullMQ `Queue.add` per request,
// no validation, no auth, no logging. Same Redis, its own queue prefix.
//   PORT=5099 QUEUE_PREFIX=bench-baseline node bench/baseline-server.mjs
import express from 'express';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const port = Number(process.env.PORT || 5099);
const prefix = process.env.QUEUE_PREFIX || 'bench-baseline';
const connection = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const queue = new Queue('outgoing-sms', { connection, prefix });

const app = express();
app.use(express.json());
app.post('/enviar-sms', async (req, res) => {
  const job = await queue.add('send-sms', req.body);
  res.status(202).json({ status: 'aceito', id: job.id });
});
app.get('/status', (_req, res) => {
  res.json({ status: 'online' });
});

const server = app.listen(port, '127.0.0.1');
server.keepAliveTimeout = 65_000; // as our API: idle keep-alive sockets are not closed under a client's feet
const stop = () => {
  server.close();
  server.closeAllConnections();
  queue
    .close()
    .then(() => connection.quit())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
