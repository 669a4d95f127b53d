import { describe, expect, it } from 'vitest';
import { isFailoverReply } from './failover-reply';
import { sentinelOptions } from './redis-connection';

const replyError = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });

describe('sentinelOptions', () => {
  const sentinel = { nodes: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26380 }], masterName: 'sms-primary' };

  it.each([
    ['redis://127.0.0.1:6379', {}],
    ['redis://:data-secret@ignored:6379', { password: 'data-secret' }],
    ['redis://sms:p%40ss@ignored:6379/2', { username: 'sms', password: 'p@ss', db: 2 }],
    ['rediss://ignored:6380', { tls: {}, enableTLSForSentinelMode: true }],
  ])('with REDIS_URL=%s asks the Sentinels for the primary and takes the rest from the URL', (url, fromUrl) => {
    expect(sentinelOptions({ url, sentinel, minReplicasAck: 0 })).toEqual({
      sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26380 }],
      name: 'sms-primary',
      failoverDetector: true,
      ...fromUrl,
    });
  });

  it('sends the Sentinels their own password when one is set', () => {
    expect(sentinelOptions({ url: 'redis://x:6379', sentinel: { ...sentinel, password: 's3cret' }, minReplicasAck: 0 })).toMatchObject({
      sentinelPassword: 's3cret',
    });
  });

  it('is empty without Sentinels (REDIS_URL is used as it is)', () => {
    expect(sentinelOptions({ url: 'redis://x:6379', minReplicasAck: 0 })).toEqual({});
  });
});

describe('isFailoverReply', () => {
  it.each([
    [replyError("READONLY You can't write against a read only replica."), true],
    [replyError('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)'), true],
    [replyError('ERR unknown command'), false],
    [replyError('NOSCRIPT No matching script.'), false],
    [new Error('READONLY but not a reply from Redis'), false],
    [new Error('Connection is closed.'), false],
  ])('%s → %s', (error, expected) => {
    expect(isFailoverReply(error)).toBe(expected);
  });
});
