import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ to: '123', text: 'x', sendAt: '2030-01-01T00:00:00Z' }, '{"sendAt":"2030-01-01T00:00:00Z","text":"x","to":"123"}'],
    [{ z: { y: 1, x: [3, { b: 1, a: 0 }] } }, '{"z":{"x":[3,{"a":0,"b":1}],"y":1}}'],
    [[2, 1], '[2,1]'],
    ['olá "x"\n', '"olá \\"x\\"\\n"'],
    [null, 'null'],
    [1.5, '1.5'],
    [true, 'true'],
    [{}, '{}'],
    [{ B: 1, a: 1, _: 1 }, '{"B":1,"_":1,"a":1}'],
  ])('writes %j as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('gives equal text for equal values whatever the key order, and different text for different values', () => {
    const one = JSON.parse('{"messages":[{"to":"1","text":"a"},{"text":"b","to":"2"}],"x":{"q":1,"p":2}}') as unknown;
    const two = JSON.parse('{"x":{"p":2,"q":1},"messages":[{"text":"a","to":"1"},{"to":"2","text":"b"}]}') as unknown;
    const swapped = JSON.parse('{"x":{"p":2,"q":1},"messages":[{"to":"2","text":"b"},{"text":"a","to":"1"}]}') as unknown;
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson(one)).not.toBe(canonicalJson(swapped));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
});
