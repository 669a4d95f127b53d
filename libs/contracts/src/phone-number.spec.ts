import { describe, expect, it } from 'vitest';
import { checkPhoneNumber, maskPhoneNumber } from './phone-number';

const accepted = (raw: string) => {
  const check = checkPhoneNumber(raw);
  if (!check.ok) throw new Error(`expected ${JSON.stringify(raw)} to be accepted, got: ${check.reason}`);
  return check.number;
};

describe('checkPhoneNumber', () => {
  it.each([
    ['5511987654321', '5511987654321'],
    ['+55 (11) 98765-4321', '+5511987654321'],
    ['+55.11.98765.4321', '+5511987654321'],
    ['(11) 9 8765-4321', '11987654321'],
    ['  11987654321  ', '11987654321'],
    ['123', '123'],
    ['12345678901234567890', '12345678901234567890'],
    ['+12345678901234567890', '+12345678901234567890'],
  ])('accepts %j as %j (formatting stripped, a leading + kept)', (raw, expected) => {
    expect(accepted(raw)).toBe(expected);
  });

  it.each([
    ['-h', 'an option gammu would read'],
    ['--help', 'an option gammu would read'],
    ['-123', 'a negative-looking number'],
    ['  -5511987654321', 'a leading dash behind spaces'],
    ['12a34', 'a letter'],
    ['', 'an empty string'],
    ['   ', 'only formatting'],
    ['12', 'two digits'],
    ['123456789012345678901', '21 digits'],
    ['+', 'a bare plus'],
    ['++5511987654321', 'two pluses'],
    ['55+11987654321', 'a plus that is not leading'],
    ['5511987654321#', 'a symbol'],
    ['５５１１９８７６５４３２１', 'full-width digits'],
  ])('refuses %j (%s)', (raw) => {
    expect(checkPhoneNumber(raw).ok).toBe(false);
  });

  it.each([
    ['a NUL', '5511\u000098765'],
    ['a BEL', '\u00075511987654321'],
    ['an ESC', '5511987654321\u001b'],
    ['a DEL', '5511\u007f987654321'],
    ['a newline', '5511\n987654321'],
    ['a carriage return and newline', '5511987654321\r\n'],
    ['a tab', '55\t11987654321'],
    ['a vertical tab', '55\u000b11987654321'],
  ])('refuses a number containing a control character (%s)', (_name, raw) => {
    expect(checkPhoneNumber(raw).ok).toBe(false);
  });

  it('gives a reason a person can read when it refuses', () => {
    const check = checkPhoneNumber('--help');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/\S/);
  });

  it('never returns a number that gammu could take for an option', () => {
    for (const raw of ['-h', ' -1234', '(-1234)', '.-1234', '--1234', '- 1234']) {
      const check = checkPhoneNumber(raw);
      if (check.ok) expect(check.number.startsWith('-')).toBe(false);
    }
  });
});

describe('maskPhoneNumber', () => {
  it('keeps only the last 4 digits', () => {
    expect(maskPhoneNumber('5511987654321')).toBe('*********4321');
  });

  it('masks the leading + too', () => {
    expect(maskPhoneNumber('+5511987654321')).toBe('**********4321');
  });

  it('keeps the length, so logs still show roughly which kind of number it was', () => {
    expect(maskPhoneNumber('12345678')).toHaveLength(8);
  });

  it('leaves a number of 4 or fewer characters as it is', () => {
    expect(maskPhoneNumber('1234')).toBe('1234');
    expect(maskPhoneNumber('123')).toBe('123');
  });
});
