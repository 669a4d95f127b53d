import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '@sms-gateway/webhooks';

const SECRET = 'a-webhook-secret-of-32-characters';
const BODY = '{"id":"d1","type":"message.sent"}';
const doc = (name: string) => readFileSync(new URL(`../../../${name}`, import.meta.url), 'utf8');

/** The `verify()` a receiver copies from the docs, as a function. */
function verifyFromDocs(): (secret: string, rawBody: string, header: unknown) => boolean {
  const block = [...doc('docs/api.md').matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').find((code) => code.includes('function verify('));
  if (!block) throw new Error('docs/api.md has no ```js block with function verify(');
  const sandbox = { require: createRequire(import.meta.url), Buffer, Date, verify: undefined as unknown };
  runInNewContext(`${block}\nthis.verify = verify;`, sandbox);
  return sandbox.verify as (secret: string, rawBody: string, header: unknown) => boolean;
}

describe('the verify() example in docs/api.md, pasted as is', () => {
  const verify = verifyFromDocs();
  const now = Math.floor(Date.now() / 1000);
  const header = signWebhook(SECRET, BODY, now);
  const mac = header.split('v1=')[1] ?? '';

  it('accepts a delivery the gateway signed, and refuses a tampered body, another secret and an old signature', () => {
    expect(verify(SECRET, BODY, header)).toBe(true);
    expect(verify(SECRET, BODY.replace('sent', 'failed'), header)).toBe(false);
    expect(verify('another-secret-of-32-characters!', BODY, header)).toBe(false);
    expect(verify(SECRET, BODY, signWebhook(SECRET, BODY, now - 600))).toBe(false);
  });

  it.each<[string, unknown]>([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['garbage', 'garbage'],
    ['no v1', `t=${now}`],
    ['an empty v1', `t=${now},v1=`],
    ['a short v1', `t=${now},v1=abcd`],
    ['a v1 that is not hex', `t=${now},v1=${'z'.repeat(64)}`],
    ['a v1 with trailing junk', `t=${now},v1=${mac}zz`],
    ['a t that is not a number', `t=soon,v1=${mac}`],
  ])('returns false, never throws, for %s', (_label, hostile) => {
    expect(verify(SECRET, BODY, hostile)).toBe(false);
  });
});
