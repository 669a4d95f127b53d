import { describe, expect, it } from 'vitest';
import { comparableNumber } from './comparable-number';

describe('comparableNumber', () => {
  it.each([
    // [number, region, comparable]
    ['11 98888-7777', 'BR', '5511988887777'],
    ['+55 11 98888-7777', 'BR', '5511988887777'],
    ['5511988887777', 'BR', '5511988887777'],
    ['011988887777', 'BR', '5511988887777'],
    ['(11) 98888-7777', 'br', '5511988887777'],
    ['+1 415 555 2671', 'BR', '14155552671'],
    ['14155552671', 'BR', '5514155552671'], // a valid Brazilian national number (area 14) wins
    ['123', 'BR', '123'],
    ['11 98888-7777', undefined, '11988887777'],
    ['+55 11 98888-7777', undefined, '5511988887777'],
    ['+55 (11) 98888.7777', '', '5511988887777'],
  ])('%j in region %j compares as %j', (number, region, expected) => {
    expect(comparableNumber(number, region)).toBe(expected);
  });

  it('makes the national and international spellings of one number equal once a region is set', () => {
    expect(comparableNumber('11 98888-7777', 'BR')).toBe(comparableNumber('+55 11 98888-7777', 'BR'));
    expect(comparableNumber('11 98888-7777')).not.toBe(comparableNumber('+55 11 98888-7777'));
  });
});
