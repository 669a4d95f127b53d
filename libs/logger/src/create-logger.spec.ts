import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger';

function capture(format: 'json' | 'pretty' = 'json') {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const logger = createLogger({ service: 'worker', format, stream, defaultMeta: { modemId: 'm1' } });
  return { logger, lines: () => text.trim().split('\n') };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the service, default fields, level and timestamp', () => {
    const { logger, lines } = capture();
    logger.info('sent', { event: 'sent', messageId: 'abc', attempt: 2 });
    logger.warn('waiting for network', { event: 'waiting_network' });
    const [first, second] = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 'info', message: 'sent', service: 'worker', modemId: 'm1', event: 'sent', messageId: 'abc', attempt: 2 });
    expect(first?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(second).toMatchObject({ level: 'warn', event: 'waiting_network' });
  });

  it('drops fields that could carry a secret, even when passed by mistake', () => {
    const { logger, lines } = capture();
    logger.info('accepted', { token: 's3cret', authorization: 'Bearer s3cret', password: 'pw', messageId: 'x' });
    expect(lines()[0]).not.toContain('s3cret');
    expect(lines()[0]).not.toContain('pw');
    expect(JSON.parse(lines()[0] ?? '{}')).toMatchObject({ messageId: 'x' });
  });

  it('writes readable lines in pretty format', () => {
    const { logger, lines } = capture('pretty');
    logger.info('sent', { messageId: 'abc', references: [255] });
    expect(lines()[0]).toMatch(/worker .*info.* sent modemId=m1 messageId=abc references=\[255\]$/);
  });

  it('filters by level', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = createLogger({ service: 'api', level: 'warn', stream });
    logger.info('hidden');
    logger.error('shown');
    expect(text).not.toContain('hidden');
    expect(text).toContain('shown');
  });
});
