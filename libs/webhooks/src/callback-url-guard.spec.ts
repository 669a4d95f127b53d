import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackAddressRefusedError } from './callback-address-refused.error';
import { CallbackUrlGuard } from './callback-url-guard';
import { postWebhook } from './post-webhook';

const PUBLIC: LookupAddress = { address: '93.184.216.34', family: 4 };
const LOOPBACK: LookupAddress = { address: '127.0.0.1', family: 4 };

describe('CallbackUrlGuard.check (when a message is accepted)', () => {
  const guard = new CallbackUrlGuard({ allowedHosts: [], resolve: async (host) => (host === 'public.example' ? [PUBLIC] : [PUBLIC, LOOPBACK]) });

  it.each([
    'http://127.0.0.1/hook',
    'http://127.1/hook',
    'http://0x7f000001/hook',
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[0:0:0:0:0:ffff:7f00:1]/hook',
    'http://0.0.0.0/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.5:9464/metrics',
    'http://192.168.1.1/',
    'http://172.18.0.3:6379/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'https://127.0.0.1:443/hook',
  ])('refuses %s', async (url) => {
    expect(await guard.check(url)).toBeInstanceOf(CallbackAddressRefusedError);
  });

  it('refuses a name that resolves to a loopback address among public ones', async () => {
    const refused = await guard.check('http://rebind.example/hook');
    expect(refused).toMatchObject({ host: 'rebind.example', address: '127.0.0.1' });
    expect(refused?.message).toMatch(/CALLBACK_ALLOWED_HOSTS/);
  });

  it('refuses localhost through the system resolver', async () => {
    expect(await new CallbackUrlGuard({ allowedHosts: [] }).check('http://localhost:8080/hook')).toBeInstanceOf(CallbackAddressRefusedError);
  });

  it('lets a public address and a name resolving only to public addresses through', async () => {
    expect(await guard.check('https://93.184.216.34/hook')).toBeUndefined();
    expect(await guard.check('https://public.example/hook')).toBeUndefined();
  });

  it('lets listed hosts through, however the URL spells them', async () => {
    const allowing = new CallbackUrlGuard({ allowedHosts: ['127.0.0.1', '::1', 'Hooks.Internal'], resolve: async () => [LOOPBACK] });
    for (const url of ['http://127.0.0.1/', 'http://127.1/', 'http://2130706433/', 'http://[::1]/', 'http://hooks.internal/', 'http://HOOKS.INTERNAL./']) {
      expect(await allowing.check(url), url).toBeUndefined();
    }
    expect(await allowing.check('http://10.0.0.1/')).toBeInstanceOf(CallbackAddressRefusedError);
    expect(await allowing.check('http://other.internal/')).toBeInstanceOf(CallbackAddressRefusedError);
  });

  it('resolves a host once for concurrent checks of it (a bulk request of a thousand callbacks)', async () => {
    let lookups = 0;
    const counting = new CallbackUrlGuard({
      allowedHosts: [],
      resolve: async () => {
        lookups++;
        return [PUBLIC];
      },
    });
    const results = await Promise.all(Array.from({ length: 1_000 }, (_, i) => counting.check(`https://hooks.example/${i}`)));
    expect(results.every((result) => result === undefined)).toBe(true);
    expect(lookups).toBe(1);
  });

  it('leaves a name DNS cannot answer in time to the connect-time check', async () => {
    const slow = new CallbackUrlGuard({ allowedHosts: [], resolve: () => new Promise(() => undefined), resolveTimeoutMs: 50 });
    expect(await slow.check('http://slow.example/')).toBeUndefined();
  });
});

describe('CallbackUrlGuard.lookup (when a webhook is called)', () => {
  let server: Server;
  let port: number;
  let received = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      received++;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (url: string, guard: CallbackUrlGuard) => postWebhook(url, { headers: {}, body: '{}', timeoutMs: 2_000, lookup: guard.lookup });

  it('refuses the connection when a name that was public when checked resolves to loopback when called (DNS rebind)', async () => {
    let answers = 0;
    const rebinding = new CallbackUrlGuard({ allowedHosts: [], resolve: async () => (answers++ === 0 ? [PUBLIC] : [LOOPBACK]) });
    expect(await rebinding.check(`http://rebind.example:${port}/`)).toBeUndefined();
    await expect(post(`http://rebind.example:${port}/`, rebinding)).rejects.toBeInstanceOf(CallbackAddressRefusedError);
    expect(received).toBe(0);
  });

  it('refuses localhost, and connects to it once it is listed', async () => {
    await expect(post(`http://localhost:${port}/`, new CallbackUrlGuard({ allowedHosts: [] }))).rejects.toBeInstanceOf(CallbackAddressRefusedError);
    expect(received).toBe(0);
    expect(await post(`http://localhost:${port}/`, new CallbackUrlGuard({ allowedHosts: ['localhost'] }))).toBe(200);
    expect(received).toBe(1);
  });

  it('refuses an address literal before any connection (checkLiteral: connections to an address skip lookup)', () => {
    const guard = new CallbackUrlGuard({ allowedHosts: [] });
    expect(guard.checkLiteral(`http://127.1:${port}/`)).toBeInstanceOf(CallbackAddressRefusedError);
    expect(guard.checkLiteral(`http://[::ffff:127.0.0.1]:${port}/`)).toBeInstanceOf(CallbackAddressRefusedError);
    expect(guard.checkLiteral('http://93.184.216.34/')).toBeUndefined();
    expect(guard.checkLiteral('http://rebind.example/')).toBeUndefined();
  });
});
