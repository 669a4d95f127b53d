import { describe, expect, it } from 'vitest';
import { checkLegacySmsRequest, type LegacyRequestCheck } from './legacy-sms-request';

const problemsOf = (check: LegacyRequestCheck) => {
  if (check.kind !== 'invalid') throw new Error(`expected "invalid", got ${JSON.stringify(check)}`);
  return check.problems;
};
const fieldsOf = (check: LegacyRequestCheck) => problemsOf(check).map((problem) => problem.campo);

describe('checkLegacySmsRequest', () => {
  it('accepts a valid request and returns the normalised number and the text', () => {
    expect(checkLegacySmsRequest({ numero: '+55 (11) 98765-4321', mensagem: 'Olá!' })).toEqual({
      kind: 'accepted',
      to: '+5511987654321',
      text: 'Olá!',
    });
  });

  it('ignores other fields, such as the token', () => {
    expect(checkLegacySmsRequest({ token: 'secret', numero: '5511987654321', mensagem: 'oi', extra: [1] })).toEqual({
      kind: 'accepted',
      to: '5511987654321',
      text: 'oi',
    });
  });

  describe('missing or empty fields', () => {
    it.each([
      ['an empty body', {}],
      ['numero absent', { mensagem: 'oi' }],
      ['mensagem absent', { numero: '5511987654321' }],
      ['numero empty', { numero: '', mensagem: 'oi' }],
      ['mensagem empty', { numero: '5511987654321', mensagem: '' }],
      ['numero null', { numero: null, mensagem: 'oi' }],
      ['mensagem null', { numero: '5511987654321', mensagem: null }],
      ['both empty', { numero: '', mensagem: '' }],
    ])('answers "missing-fields" for %s', (_name, body) => {
      expect(checkLegacySmsRequest(body)).toEqual({ kind: 'missing-fields' });
    });

    it('answers "missing-fields" when one field is missing even if the other is invalid', () => {
      expect(checkLegacySmsRequest({ numero: '-h' })).toEqual({ kind: 'missing-fields' });
    });
  });

  describe('invalid fields', () => {
    it.each([
      ['-h'],
      ['--help'],
      ['-123'],
      ['12a34'],
      ['12'],
      ['123456789012345678901'],
      ['5511\u000098765'],
    ])('refuses numero %j, naming the field', (numero) => {
      expect(fieldsOf(checkLegacySmsRequest({ numero, mensagem: 'oi' }))).toEqual(['numero']);
    });

    it('refuses a numero that is neither text nor number, naming the field', () => {
      for (const numero of [true, {}, ['5511987654321']]) {
        expect(fieldsOf(checkLegacySmsRequest({ numero, mensagem: 'oi' }))).toEqual(['numero']);
      }
    });

    it('refuses a negative or fractional JSON number', () => {
      expect(fieldsOf(checkLegacySmsRequest({ numero: -5511987654, mensagem: 'oi' }))).toEqual(['numero']);
      expect(fieldsOf(checkLegacySmsRequest({ numero: 5511.5, mensagem: 'oi' }))).toEqual(['numero']);
    });

    it.each([[42], [true], [{ text: 'oi' }], [['oi']]])('refuses mensagem %j (not a string), naming the field', (mensagem) => {
      expect(fieldsOf(checkLegacySmsRequest({ numero: '5511987654321', mensagem }))).toEqual(['mensagem']);
    });

    it.each([
      ['too long', 'a'.repeat(1601)],
      ['with a NUL', 'a\u0000b'],
      ['with a lone surrogate', 'a\ud800b'],
    ])('refuses a mensagem %s, naming the field', (_name, mensagem) => {
      expect(fieldsOf(checkLegacySmsRequest({ numero: '5511987654321', mensagem }))).toEqual(['mensagem']);
    });

    it('reports both fields at once when both are invalid', () => {
      const check = checkLegacySmsRequest({ numero: '12a34', mensagem: 42 });
      expect(fieldsOf(check).sort()).toEqual(['mensagem', 'numero']);
    });

    it.each([
      [-5511987654, 'numero não pode começar com "-"'],
      [5511.5, 'numero deve ter de 3 a 20 dígitos, com "+" opcional no início'],
      [1e30, 'numero longo demais para um número JSON (perderia dígitos); envie-o como texto'],
      [2 ** 60, 'numero longo demais para um número JSON (perderia dígitos); envie-o como texto'],
    ])('explains in Portuguese what is wrong with the JSON number %j', (numero, mensagem) => {
      expect(problemsOf(checkLegacySmsRequest({ numero, mensagem: 'oi' }))).toEqual([{ campo: 'numero', mensagem }]);
    });

    it('describes each problem in words that name the field', () => {
      for (const problem of problemsOf(checkLegacySmsRequest({ numero: '-h', mensagem: 'a\u0000b' }))) {
        expect(problem.mensagem).toContain(problem.campo);
      }
    });
  });

  it('accepts numero given as a JSON number', () => {
    expect(checkLegacySmsRequest({ numero: 5511987654321, mensagem: 'oi' })).toEqual({
      kind: 'accepted',
      to: '5511987654321',
      text: 'oi',
    });
  });

  it('normalises mensagem to NFC: a decomposed "é" becomes the composed one', () => {
    const decomposed = 'cafe\u0301';
    const check = checkLegacySmsRequest({ numero: '5511987654321', mensagem: decomposed });
    expect(check).toEqual({ kind: 'accepted', to: '5511987654321', text: 'caf\u00e9' });
  });

  it('applies the 1600-character limit after NFC', () => {
    const decomposed = 'e\u0301'.repeat(1600); // 3200 code points, 1600 after NFC
    const check = checkLegacySmsRequest({ numero: '5511987654321', mensagem: decomposed });
    expect(check).toEqual({ kind: 'accepted', to: '5511987654321', text: '\u00e9'.repeat(1600) });
  });

  it('keeps a text that starts with a dash exactly as given', () => {
    expect(checkLegacySmsRequest({ numero: '5511987654321', mensagem: '-h --help' })).toEqual({
      kind: 'accepted',
      to: '5511987654321',
      text: '-h --help',
    });
  });

  it('keeps braces and template-looking text as given', () => {
    const mensagem = '{#label} {{numero}} ${x}';
    expect(checkLegacySmsRequest({ numero: '5511987654321', mensagem })).toMatchObject({ kind: 'accepted', text: mensagem });
  });

  describe('a "__proto__" key in the JSON body', () => {
    it('is harmless next to valid fields', () => {
      const body = JSON.parse('{"numero":"5511987654321","mensagem":"oi","__proto__":{"polluted":true,"numero":"-h"}}');
      expect(checkLegacySmsRequest(body)).toEqual({ kind: 'accepted', to: '5511987654321', text: 'oi' });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('cannot supply a missing field', () => {
      const body = JSON.parse('{"__proto__":{"numero":"5511987654321"},"mensagem":"oi"}');
      expect(checkLegacySmsRequest(body)).toEqual({ kind: 'missing-fields' });
      expect(({} as Record<string, unknown>).numero).toBeUndefined();
    });
  });
});

describe('checkLegacySmsRequest agrees with its schema on the fast path', () => {
  it.each([
    [{ numero: Number.MAX_SAFE_INTEGER + 2, mensagem: 'oi' }, 'invalid'], // not a safe integer: it would be rounded
    [{ numero: 5511999991234, mensagem: 'oi' }, 'accepted'],
    [{ numero: '5511999991234', mensagem: 'e\u0301' }, 'accepted'],
    [{ numero: 1.5, mensagem: 'oi' }, 'invalid'],
    [{ numero: '5511999991234', mensagem: 42 }, 'invalid'],
  ])('%j → %s', (body, kind) => {
    expect(checkLegacySmsRequest(body as Record<string, unknown>).kind).toBe(kind);
  });
});
