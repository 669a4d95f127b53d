import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, localNginxConf, NGINX_BIN, startNginxProxy, tempDir, type NginxProxy } from '@sms-gateway/testing';

const run = promisify(execFile);

/** What the API accepts on POST /v1/messages/bulk (V1_BULK_BODY_BYTES in apps/api). */
const BULK_BYTES = 8 * 1024 * 1024;

/** Stands in for the API replicas: answers every request with the bytes of body it received. */
interface StubApi {
  readonly port: number;
  readonly requests: { method: string; url: string; bytes: number }[];
  close(): Promise<void>;
}

async function startStubApi(): Promise<StubApi> {
  const requests: StubApi['requests'] = [];
  const server: Server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', bytes });
      // The API's own copy of a header the proxy also sets: the client must see it once.
      res.writeHead(req.url === '/status' ? 200 : 202, { 'content-type': 'application/json', 'x-frame-options': 'SAMEORIGIN' });
      res.end(JSON.stringify({ bytes }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

describe('deploy/nginx/nginx.conf', () => {
  let api: StubApi;
  let proxy: NginxProxy;

  beforeAll(async () => {
    api = await startStubApi();
    proxy = await startNginxProxy({ upstreamPorts: [api.port] });
  });

  afterAll(async () => {
    await proxy?.stop();
    await api?.close();
  });

  const post = (path: string, bytes: number) =>
    fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(bytes, 0x20) });

  it('passes nginx -t with the compose hosts stubbed', async () => {
    const dir = tempDir('nginx-t');
    try {
      const conf = join(dir.path, 'nginx.conf');
      writeFileSync(conf, localNginxConf({ dir: dir.path, port: await freePort(), healthPort: await freePort(), upstreamPorts: [5000] }));
      const { stderr } = await run(NGINX_BIN, ['-t', '-e', join(dir.path, 'error.log'), '-p', dir.path, '-c', conf]);
      expect(stderr).toContain('test is successful');
    } finally {
      dir.remove();
    }
  });

  it('lets a full-size bulk body (8 MB) through to the API on the bulk route', async () => {
    const answer = await post('/v1/messages/bulk', BULK_BYTES);
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ bytes: BULK_BYTES });
  });

  it('lets a bulk body a little over 8 MB through too, so that the API answers 413 itself', async () => {
    const answer = await post('/v1/messages/bulk', BULK_BYTES + 64 * 1024);
    expect(answer.status).toBe(202);
  });

  it('matches the bulk route as the API does: any case, with or without a trailing slash, with a query', async () => {
    for (const path of ['/V1/Messages/Bulk', '/v1/messages/bulk/', '/v1/messages/bulk?source=crm']) {
      const answer = await post(path, 1024 * 1024);
      expect(answer.status, path).toBe(202);
    }
  });

  it('keeps the small limit on every other route: 1 MB to /v1/messages never reaches the API', async () => {
    const before = api.requests.length;
    for (const path of ['/v1/messages', '/enviar-sms', '/v1/messages/bulk-other']) {
      const answer = await post(path, 1024 * 1024);
      expect(answer.status, path).toBe(413);
    }
    expect(api.requests.length).toBe(before);
    // A body just over the API's own 64 kB limit still reaches it, for the API's JSON 413.
    expect((await post('/v1/messages', 80 * 1024)).status).toBe(202);
  });

  it('sends the security headers once on every answer, the API’s and nginx’s own errors alike', async () => {
    const answers = {
      proxied: await fetch(`${proxy.url}/admin/queues`),
      tooLarge: await post('/enviar-sms', 1024 * 1024),
    };
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.headers.get('x-frame-options'), name).toBe('DENY');
      expect(answer.headers.get('content-security-policy'), name).toBe("frame-ancestors 'none'");
      expect(answer.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(answer.headers.get('referrer-policy'), name).toBe('no-referrer');
      expect(answer.headers.get('server'), name).toBe('nginx');
    }
  });
});
