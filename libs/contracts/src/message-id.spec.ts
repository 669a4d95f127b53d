import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { isMessageId } from './message-id';

describe('isMessageId', () => {
  it('accepts the ids given to accepted messages', () => {
    for (let i = 0; i < 100; i++) expect(isMessageId(randomUUID())).toBe(true);
  });

  it.each(['meta', 'id', 'events', 'completed', 'failed', 'wait', 'delayed', 'active', 'stalled-check', 'marker', 'pc', '1', '',
    '00000000-0000-0000-0000-000000000000', 'D6F1E1B2-3C4D-4E5F-8A6B-7C8D9E0F1A2B', '3b241101-e2bb-4255-8caf-4136c566a962:lock',
    '3b241101-e2bb-4255-8caf-4136c566a962:message.sent:1'])('refuses %j', (value) => {
    expect(isMessageId(value)).toBe(false);
  });
});
