/**
 * Ends one message as expired, atomically, unless it must not be: a Lua script, so that of any
 * number of API replicas (and the worker that may take the job meanwhile) exactly one decides.
 *
 * KEYS: 1 job hash, 2 wait, 3 paused, 4 delayed, 5 prioritized, 6 active, 7 completed, 8 failed,
 *       9 events stream, 10 expiries, 11 expired notices, 12 the job's send record.
 * ARGV: 1 job id, 2 now (ms), 3 the progress the caller read (raw, '' for none), 4 the progress
 *       to record, 5 the failed reason, 6 when to look again (ms) if the job cannot be ended now.
 *
 * Answers:
 * - `expired`: moved from wait/paused/delayed/prioritized to failed, as BullMQ's moveToFinished
 *   would (failedReason, finishedOn, progress, a `failed` event), and noted for its webhook.
 * - `gone` / `final`: nothing to do (removed, or already sent/failed/expired); its expiry entry is dropped.
 * - `active`: a worker holds it; the worker decides (a send in flight wins). Looked at again later.
 * - `send_recorded`: a run already reached gammu and recorded what it came to; the next run of the
 *   job acts on that record, never the enforcer. Looked at again later.
 * - `changed`: its progress changed since the caller read it (a worker took it meanwhile): the
 *   caller's decision is stale; looked at again on the next round.
 * - `elsewhere`: in no list it could be taken from (e.g. waiting for children). Looked at again later.
 */
export const EXPIRE_MESSAGE_LUA = `
local id = ARGV[1]
local now = tonumber(ARGV[2])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[10], id)
  return 'gone'
end
if redis.call('ZSCORE', KEYS[7], id) or redis.call('ZSCORE', KEYS[8], id) then
  redis.call('ZREM', KEYS[10], id)
  return 'final'
end
local later = now + tonumber(ARGV[6])
if redis.call('LPOS', KEYS[6], id) then
  redis.call('ZADD', KEYS[10], later, id)
  return 'active'
end
if redis.call('EXISTS', KEYS[12]) == 1 then
  redis.call('ZADD', KEYS[10], later, id)
  return 'send_recorded'
end
if (redis.call('HGET', KEYS[1], 'progress') or '') ~= ARGV[3] then
  return 'changed'
end
local prev = nil
if redis.call('LREM', KEYS[2], 0, id) + redis.call('LREM', KEYS[3], 0, id) > 0 then
  prev = 'waiting'
elseif redis.call('ZREM', KEYS[4], id) > 0 then
  prev = 'delayed'
elseif redis.call('ZREM', KEYS[5], id) > 0 then
  prev = 'prioritized'
else
  redis.call('ZADD', KEYS[10], later, id)
  return 'elsewhere'
end
redis.call('ZADD', KEYS[8], now, id)
redis.call('HSET', KEYS[1], 'failedReason', ARGV[5], 'finishedOn', now, 'progress', ARGV[4])
redis.call('XADD', KEYS[9], 'MAXLEN', '~', 10000, '*', 'event', 'failed', 'jobId', id, 'failedReason', ARGV[5], 'prev', prev)
redis.call('ZREM', KEYS[10], id)
redis.call('SADD', KEYS[11], id)
return 'expired'
`;

export type ExpireMessageAnswer = 'expired' | 'gone' | 'final' | 'active' | 'send_recorded' | 'changed' | 'elsewhere';
