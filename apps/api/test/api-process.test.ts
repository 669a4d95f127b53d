import { connect, createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deletePrefixKeys, freePort, SHARED_REDIS_URL, startApp, stopAllApps, uniquePrefix, waitFor } from '@sms-gateway/testing';

// The built API as operators run it (`npm run start:api`): configuration, logs, signals.
describe('the API process', () => {
  const prefixes: string[] = [];
  const queuePrefix = (label: string) => {
    const prefix = uniquePrefix(label);
    prefixes.push(prefix);
    return prefix;
  };
  afterEach(async () => {
    await stopAllApps();
    for (const prefix of prefixes.splice(0)) await deletePrefixKeys(SHARED_REDIS_URL, prefix);
  });

  it.each([
    ['SMS_API_TOKEN is missing', {}, /SMS_API_TOKEN/],
    ['SMS_API_TOKEN is the old placeholder', { SMS_API_TOKEN: 'SEU_TOKEN_SUPER_SECRETO_AQUI' }, /SMS_API_TOKEN/],
    ['SMS_API_TOKEN has 15 characters', { SMS_API_TOKEN: 'abcdefghijklmno' }, /^api: invalid configuration: SMS_API_TOKEN must be at least 16 characters/],
    ['SMS_API_TOKEN is the example of .env.example', { SMS_API_TOKEN: 'change-me-to-a-long-random-secret' }, /^api: invalid configuration: SMS_API_TOKEN is an example value/],
    ['SMS_API_TOKEN is the old placeholder with spaces around it', { SMS_API_TOKEN: ' SEU_TOKEN_SUPER_SECRETO_AQUI ' }, /^api: invalid configuration: SMS_API_TOKEN is an example value/],
    ['SMS_API_TOKEN is the old placeholder in lower case', { SMS_API_TOKEN: 'seu_token_super_secreto_aqui' }, /^api: invalid configuration: SMS_API_TOKEN is an example value/],
    ['SMS_API_TOKEN is 16 spaces', { SMS_API_TOKEN: ' '.repeat(16) }, /^api: invalid configuration: SMS_API_TOKEN must not begin or end with spaces/],
    ['PORT is not a port', { SMS_API_TOKEN: 'x'.repeat(16), PORT: 'abc' }, /PORT/],
  ])('exits non-zero with one clear line when %s', async (_case, env, pattern) => {
    const api = startApp('api', { REDIS_URL: SHARED_REDIS_URL, ...env });
    expect(await api.exited()).not.toBe(0);
    const lines = api.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });

  it('exits non-zero with one clear line when its PORT is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const api = startApp('api', { SMS_API_TOKEN: 'port-test-token-0123456789', PORT: String(port), HOST: '127.0.0.1', REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: queuePrefix('api-port') });
      expect(await api.exited()).not.toBe(0);
      const lines = api.output().trim().split('\n');
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^api: .*EADDRINUSE.*${port}`))]);
    } finally {
      taken.close();
    }
  });

  it('logs each accepted message as one JSON line with a masked number and never the token', async () => {
    const port = await freePort();
    const token = 'very-secret-token-value';
    const api = startApp('api', { SMS_API_TOKEN: token, PORT: String(port), REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: queuePrefix('api-logs') });
    await api.waitForLog('listening', (line) => line.event === 'started');
    const response = await fetch(`http://127.0.0.1:${port}/enviar-sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ token, numero: '5511987654321', mensagem: 'oi' }),
    });
    const { id } = (await response.json()) as { id: string };
    const accepted = await api.waitForLog('accepted', (line) => line.event === 'accepted');
    expect(accepted).toMatchObject({ messageId: id, to: '*********4321', level: 'info' });
    expect(api.output()).not.toContain(token);
    expect(api.output()).not.toContain('5511987654321');
  });

  it('exits 0 within SHUTDOWN_TIMEOUT_MS on SIGTERM although a request never finishes arriving', async () => {
    const port = await freePort();
    const api = startApp('api', { SMS_API_TOKEN: 'stuck-test-token-0123456789', PORT: String(port), REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: queuePrefix('api-stuck'), SHUTDOWN_TIMEOUT_MS: '3000' });
    await api.waitForLog('listening', (line) => line.event === 'started');
    // A client that announces a body and sends it one byte at a time: the request stays in flight.
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.write('POST /enviar-sms HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n');
    const drip = setInterval(() => socket.write(' '), 100);
    try {
      // The server answers "100 Continue" once it has read the request's headers.
      await waitFor('the server to read the request headers', () => received.includes('100 Continue'), { timeoutMs: 5_000 });
      const started = Date.now();
      expect(await api.stop('SIGTERM')).toBe(0);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });

  it('stops on SIGTERM with exit code 0, answering the requests already in flight', async () => {
    const port = await freePort();
    const token = 'stop-test-token-0123456789';
    const api = startApp('api', { SMS_API_TOKEN: token, PORT: String(port), REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: queuePrefix('api-stop') });
    await api.waitForLog('listening', (line) => line.event === 'started');
    const inFlight = Array.from({ length: 20 }, () =>
      fetch(`http://127.0.0.1:${port}/enviar-sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, numero: '123456789', mensagem: 'oi' }),
      }).then((response) => response.status),
    );
    await waitFor('requests reach the server', () => api.logs().some((line) => line.event === 'accepted'));
    const exitCode = api.stop('SIGTERM');
    expect(await Promise.all(inFlight)).toEqual(Array(20).fill(202));
    expect(await exitCode).toBe(0);
    expect(api.logs().at(-1)).toMatchObject({ event: 'stopped' });
  });
});
