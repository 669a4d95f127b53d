import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

/** What a client dribbling `chunks` (one every `everyMs`) saw: the server's answer and when the connection closed. */
function dribble(port: number, chunks: readonly string[], everyMs: number): Promise<{ answer: string; closedAfterMs: number; sent: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect({ port, host: '127.0.0.1' });
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < chunks.length && socket.writable) socket.write(chunks[sent++] ?? '');
    }, everyMs);
    socket.on('data', (data) => (answer += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started, sent });
    });
  });
}

describe('HTTP server bounds', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });
  const port = () => Number(new URL(api.url).port);

  it('answers 408 and disconnects a client whose headers take longer than 10 s, and one whose body takes longer than 30 s', async () => {
    // A slow-headers (slowloris) client: one header line every second, never the blank line.
    const headerLines = ['POST /enviar-sms HTTP/1.1\r\nHost: x\r\n', ...Array.from({ length: 60 }, (_, i) => `X-Slow-${i}: 1\r\n`)];
    // A slow-body client: complete headers, then one body byte every second.
    const body = JSON.stringify({ token: TOKEN, numero: '123456789', mensagem: 'x'.repeat(100) });
    const head = `POST /enviar-sms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const [slowHeaders, slowBody] = await Promise.all([dribble(port(), headerLines, 1_000), dribble(port(), [head, ...body.split('')], 1_000)]);

    expect(slowHeaders.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowHeaders.closedAfterMs).toBeGreaterThanOrEqual(9_000);
    expect(slowHeaders.closedAfterMs).toBeLessThan(20_000);

    expect(slowBody.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowBody.closedAfterMs).toBeGreaterThanOrEqual(29_000);
    expect(slowBody.closedAfterMs).toBeLessThan(40_000);
    expect(slowBody.sent).toBeLessThan(body.length); // cut off before the body was complete
    expect(await api.jobCount()).toBe(0);
  }, 60_000);

  it('has the contract’s bounds, and lets an idle keep-alive connection outlive the header bound', () => {
    expect(api.server.server.keepAliveTimeout).toBeGreaterThan(api.server.server.headersTimeout);
    expect(api.server.server.requestTimeout).toBe(30_000);
    expect(api.server.server.headersTimeout).toBe(10_000);
  });
});
