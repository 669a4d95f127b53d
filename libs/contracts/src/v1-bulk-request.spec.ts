import { describe, expect, it } from 'vitest';
import { bulkBodyProblems } from './v1-bulk-request';

const one = [{ to: '123456', text: 'x' }];

describe('bulkBodyProblems', () => {
  it.each<[string, unknown, string[] | undefined]>([
    ['a good body', { messages: one }, undefined],
    ['items of any shape (each is checked on its own later)', { messages: [1, 'x', null] }, undefined],
    ['an unknown top-level field', { messages: one, sendAt: '2030-01-01T00:00:00Z' }, ['sendAt']],
    ['two unknown fields', { messages: one, a: 1, b: 2 }, ['a', 'b']],
    ['a misspelt "messages"', { message: one }, ['messages', 'message']],
    ['no messages', {}, ['messages']],
    ['messages not an array', { messages: 'x' }, ['messages']],
    ['an empty array', { messages: [] }, ['messages']],
    ['1,001 messages', { messages: Array(1001).fill(one[0]) }, ['messages']],
    ['an array body', [one], ['body']],
    ['a string body', 'hello', ['body']],
    ['null', null, ['body']],
  ])('%s', (_label, body, fields) => {
    expect(bulkBodyProblems(body)?.map((problem) => problem.field)).toEqual(fields);
  });

  it('says what is wrong with an unknown field, naming it', () => {
    expect(bulkBodyProblems({ messages: one, colour: 'red' })).toEqual([{ field: 'colour', message: expect.stringMatching(/^"colour" is not allowed/) }]);
  });
});
