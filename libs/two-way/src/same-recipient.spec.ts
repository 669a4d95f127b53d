import { describe, expect, it } from 'vitest';
import { numberTail, sameRecipient } from './same-recipient';

describe('sameRecipient', () => {
  it.each<[string, string, string | undefined, boolean]>([
    ['+5511988887777', '5511988887777', undefined, true],
    ['+5511988887777', '11988887777', undefined, true],
    ['+5511988887777', '11 98888-7777', 'BR', true],
    ['+5511988887777', '011988887777', 'BR', true],
    ['+5511988887777', '+5511988887778', undefined, false],
    ['+5511988887777', '+5521988887777', 'BR', false],
    ['+5511988887777', '7777', undefined, false],
    ['123', '123', undefined, true],
    ['', '', undefined, false],
  ])('%j and %j (region %j): %s', (a, b, region, expected) => {
    expect(sameRecipient(a, b, region)).toBe(expected);
    expect(sameRecipient(b, a, region)).toBe(expected);
  });

  it('groups every spelling of a number under its last 8 digits', () => {
    expect(numberTail('+55 (11) 98888-7777')).toBe('88887777');
    expect(numberTail('011988887777')).toBe('88887777');
    expect(numberTail('123')).toBe('123');
  });
});
