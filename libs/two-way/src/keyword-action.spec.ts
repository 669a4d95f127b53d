import { describe, expect, it } from 'vitest';
import { keywordAction } from './keyword-action';

const keywords = { optOut: ['SAIR', 'PARAR', 'CANCELAR', 'STOP'], optIn: ['VOLTAR', 'START'] };

describe('keywordAction', () => {
  it.each<[string, ReturnType<typeof keywordAction>]>([
    ['SAIR', 'opt-out'],
    ['sair', 'opt-out'],
    ['Sair', 'opt-out'],
    ['  sair  ', 'opt-out'],
    ['Sair.', 'opt-out'],
    ['SAIR!!!', 'opt-out'],
    ['"sair"', 'opt-out'],
    ['sáir', 'opt-out'],
    ['CANCELÁR', 'opt-out'],
    ['cancelar 👋', 'opt-out'],
    ['\nStop\n', 'opt-out'],
    ['voltar', 'opt-in'],
    ['Voltár!', 'opt-in'],
    ['START', 'opt-in'],
    ['quero sair', undefined],
    ['SAIR AGORA', undefined],
    ['S A I R', undefined],
    ['sim, confirmo', undefined],
    ['', undefined],
    ['...', undefined],
  ])('%j → %s', (text, expected) => {
    expect(keywordAction(text, keywords)).toBe(expected);
  });

  it('matches keywords configured in any case or with accents', () => {
    expect(keywordAction('PARAR', { optOut: ['párar'], optIn: [] })).toBe('opt-out');
  });

  it('does nothing when both lists are empty (opt-out by SMS turned off)', () => {
    expect(keywordAction('SAIR', { optOut: [], optIn: [] })).toBeUndefined();
  });
});
