import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeGammu, startApp, stopAllApps, waitFor, type FakeGammu } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };

interface ModemsAnswer {
  data: { modemId: string; state: string; registered: boolean; networkState?: string; network?: string; sent: number; updatedAt: string }[];
}

describe('GET /v1/modems', () => {
  let api: TestApi;
  const fakes: FakeGammu[] = [];
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterEach(stopAllApps);
  afterAll(async () => {
    await api.close();
    for (const fake of fakes) await fake.remove();
  });

  const modems = async () => ((await (await fetch(`${api.url}/v1/modems`, { headers: auth })).json()) as ModemsAnswer).data;
  function startWorker(modemId: string, scenario: Parameters<typeof createFakeGammu>[0] = {}) {
    const fake = createFakeGammu(scenario);
    fakes.push(fake);
    return startApp('worker', {
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: api.prefix,
      GAMMU_BIN: fake.bin,
      GAMMU_CONFIG: '/nonexistent/gammurc',
      MODEM_ID: modemId,
      READINESS_POLL_MS: '50',
      MODEM_STATUS_INTERVAL_MS: '100',
    });
  }

  it('lists each modem with its registration, network, state and sent count; a stopped one says so', async () => {
    const healthy = startWorker('modem-ok');
    startWorker('modem-searching', { networkinfoDefault: { state: 'searching for network' } });
    await healthy.waitForLog('network ok', (line) => line.event === 'network_ok');
    const sent = await api.post('/v1/messages', { to: '5511900000001', text: 'oi' }, auth);
    await waitFor('the message sent', async () => (await api.queue.state(String(sent.json.id))) === 'completed');

    await waitFor('both modems reported', async () => {
      const list = await modems();
      return list.find((m) => m.modemId === 'modem-ok')?.sent === 1 && list.some((m) => m.modemId === 'modem-searching' && m.state === 'waiting_network');
    });
    const list = await modems();
    expect(list.find((m) => m.modemId === 'modem-ok')).toMatchObject({ state: 'idle', registered: true, networkState: 'home network', network: 'GammuTel, Dummy', sent: 1 });
    expect(list.find((m) => m.modemId === 'modem-searching')).toMatchObject({ state: 'waiting_network', registered: false, networkState: 'searching for network' });

    expect(await healthy.stop('SIGTERM')).toBe(0);
    expect((await modems()).find((m) => m.modemId === 'modem-ok')).toMatchObject({ state: 'stopped' });
  });

  it('shows a modem whose worker died without a word as offline once its heartbeat is stale', async () => {
    const worker = startWorker('modem-dies');
    await worker.waitForLog('network ok', (line) => line.event === 'network_ok');
    await worker.stop('SIGKILL');
    await waitFor('the modem shown offline', async () => (await modems()).find((m) => m.modemId === 'modem-dies')?.state === 'offline', { timeoutMs: 5_000 });
  });

  it('needs the API token', async () => {
    expect((await fetch(`${api.url}/v1/modems`)).status).toBe(401);
  });
});
