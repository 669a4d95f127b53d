import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.error';
import { loadApiConfig, loadWorkerConfig } from './load-config';

const TOKEN = 'a-long-random-secret';

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

describe('Redis settings (REDIS_URL, Sentinel, replica acknowledgement)', () => {
  it('without REDIS_SENTINELS connects to REDIS_URL and waits for no replica', () => {
    expect(loadWorkerConfig({}).redis).toEqual({ url: 'redis://127.0.0.1:6379', minReplicasAck: 0 });
  });

  it('reads the Sentinels, the primary’s name, their password and the replica count, for the API and the worker alike', () => {
    const env = {
      SMS_API_TOKEN: TOKEN,
      REDIS_URL: 'redis://:data-password@ignored-host:6379/3',
      REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26380,[fd00::3]:26379',
      REDIS_SENTINEL_MASTER: 'sms-primary',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      REDIS_MIN_REPLICAS_ACK: '1',
    };
    const expected = {
      url: 'redis://:data-password@ignored-host:6379/3',
      sentinel: {
        nodes: [
          { host: '10.0.0.1', port: 26379 },
          { host: '10.0.0.2', port: 26380 },
          { host: 'fd00::3', port: 26379 },
        ],
        masterName: 'sms-primary',
        password: 'sentinel-secret',
      },
      minReplicasAck: 1,
    };
    expect(loadApiConfig(env).redis).toEqual(expected);
    expect(loadWorkerConfig(env).redis).toEqual(expected);
  });

  it('names the primary "mymaster" unless told otherwise, and sends the Sentinels no password unless one is set', () => {
    expect(loadWorkerConfig({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_PASSWORD: '' }).redis.sentinel).toEqual({
      nodes: [{ host: 's1', port: 26379 }],
      masterName: 'mymaster',
    });
  });

  it('returns the Sentinel list frozen', () => {
    const { sentinel } = loadWorkerConfig({ REDIS_SENTINELS: 's1:26379' }).redis;
    expect(Object.isFrozen(sentinel?.nodes)).toBe(true);
    expect(Object.isFrozen(sentinel?.nodes[0])).toBe(true);
  });

  it.each(['s1', 's1:26379;s2:26379', 'redis://s1:26379', 's1:99999'])('refuses REDIS_SENTINELS=%j, saying what it should look like', (value) => {
    expect(problemsOf(() => loadWorkerConfig({ REDIS_SENTINELS: value }))).toEqual([expect.stringMatching(/^REDIS_SENTINELS must be a comma-separated list of host:port/)]);
  });

  it.each(['-1', '1.5', 'one', '17'])('refuses REDIS_MIN_REPLICAS_ACK=%j', (value) => {
    expect(problemsOf(() => loadWorkerConfig({ REDIS_MIN_REPLICAS_ACK: value }))).toEqual([expect.stringContaining('REDIS_MIN_REPLICAS_ACK')]);
  });

  it('reports a bad Sentinel list together with the other problems', () => {
    const problems = problemsOf(() => loadApiConfig({ REDIS_SENTINELS: 'nope', REDIS_MIN_REPLICAS_ACK: 'x' }));
    expect(problems).toHaveLength(3); // the token, the list, the count
  });
});
