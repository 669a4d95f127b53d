import { describe, expect, it } from 'vitest';
import { jobDataProblem } from './job-data-problem';

const good = { to: '+5511999991234', text: 'Sua consulta é amanhã', encoding: 'gsm7' };

describe('jobDataProblem', () => {
  it.each([
    ['a message as the API stores it', good],
    ['a number without "+"', { ...good, to: '5511999991234' }],
    ['a text that starts with "-"', { ...good, text: '-h' }],
    ['a UCS-2 text with emoji', { ...good, text: 'Olá 👋', encoding: 'ucs2' }],
  ])('accepts %s', (_name, data) => {
    expect(jobDataProblem(data)).toBeUndefined();
  });

  it.each([
    ['a number starting with "-"', { ...good, to: '-h' }, 'number'],
    ['a number with an option after it', { ...good, to: '5511 --help' }, 'number'],
    ['a number with letters', { ...good, to: '55abc1234' }, 'number'],
    ['a number with formatting left in', { ...good, to: '+55 (11) 9999-1234' }, 'number'],
    ['a number that is not a string', { ...good, to: 5511999991234 }, 'number'],
    ['a text with NUL', { ...good, text: 'a\u0000b' }, 'text'],
    ['an empty text', { ...good, text: '' }, 'text'],
    ['a text over 1,600 characters', { ...good, text: 'a'.repeat(1_601) }, 'text'],
    ['a lone surrogate', { ...good, text: 'a\ud800b' }, 'text'],
    ['no text', { to: good.to, encoding: 'gsm7' }, 'text'],
    ['an unknown encoding', { ...good, encoding: 'latin1' }, 'encoding'],
    ['no data at all', null, 'data'],
  ])('refuses %s, naming the %s', (_name, data, field) => {
    expect(jobDataProblem(data)).toContain(field);
  });
});
