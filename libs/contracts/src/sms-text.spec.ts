import { describe, expect, it } from 'vitest';
import { analyzeText, MAX_TEXT_LENGTH, textProblem } from './sms-text';

const GSM_EXTENSION = '^{}\\[~]|€';

describe('analyzeText', () => {
  describe('GSM 7-bit', () => {
    it.each([
      [1, 1],
      [160, 1],
      [161, 2],
      [306, 2],
      [307, 3],
      [1600, 11],
    ])('a plain text of %i characters needs %i SMS (160 single, 153 per part)', (length, segments) => {
      expect(analyzeText('a'.repeat(length))).toEqual({ encoding: 'gsm7', units: length, segments });
    });

    it('keeps the GSM alphabet, including its accented letters and Greek capitals, in 7-bit', () => {
      const text = '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r 0123456789 AZ az';
      expect(analyzeText(text)).toEqual({ encoding: 'gsm7', units: [...text].length, segments: 1 });
    });

    it.each([...GSM_EXTENSION])('counts the extension character %j twice', (char) => {
      expect(analyzeText(char)).toEqual({ encoding: 'gsm7', units: 2, segments: 1 });
    });

    it('counts every extension character twice in one text', () => {
      expect(analyzeText(`a${GSM_EXTENSION}b`)).toEqual({ encoding: 'gsm7', units: 2 + 2 * 9, segments: 1 });
    });

    it('fits 80 extension characters in one SMS, but not 80 and one letter', () => {
      expect(analyzeText('{'.repeat(80))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
      expect(analyzeText(`${'€'.repeat(80)}a`)).toEqual({ encoding: 'gsm7', units: 161, segments: 2 });
    });

    it('lets extension characters push a text of 159 characters into two parts', () => {
      expect(analyzeText(`${'a'.repeat(158)}[]`)).toEqual({ encoding: 'gsm7', units: 162, segments: 2 });
    });

    it('never splits an escape pair across parts: it starts the next part instead', () => {
      expect(analyzeText('{'.repeat(153))).toEqual({ encoding: 'gsm7', units: 306, segments: 3 });
      expect(analyzeText(`${'a'.repeat(152)}{${'a'.repeat(152)}`)).toEqual({ encoding: 'gsm7', units: 306, segments: 3 });
      expect(analyzeText(`${'a'.repeat(151)}{${'a'.repeat(153)}`)).toEqual({ encoding: 'gsm7', units: 306, segments: 2 });
    });
  });

  describe('UCS-2', () => {
    it.each([
      [1, 1],
      [70, 1],
      [71, 2],
      [134, 2],
      [135, 3],
    ])('a non-GSM text of %i characters needs %i SMS (70 single, 67 per part)', (length, segments) => {
      expect(analyzeText('ã'.repeat(length))).toEqual({ encoding: 'ucs2', units: length, segments });
    });

    it('switches the whole text to UCS-2 for one character outside the GSM alphabet', () => {
      expect(analyzeText(`${'a'.repeat(100)}ã`)).toEqual({ encoding: 'ucs2', units: 101, segments: 2 });
    });

    it.each(['Olá', 'ação', 'Привет', '你好', 'ê', 'õ', '\u00a0', '`'])('sends %j as UCS-2', (text) => {
      expect(analyzeText(text).encoding).toBe('ucs2');
    });

    it('counts an emoji as 2 UTF-16 units', () => {
      expect(analyzeText('😀')).toEqual({ encoding: 'ucs2', units: 2, segments: 1 });
    });

    it('fits 35 emoji in one SMS, but not 35 emoji and one letter', () => {
      expect(analyzeText('😀'.repeat(35))).toEqual({ encoding: 'ucs2', units: 70, segments: 1 });
      expect(analyzeText(`${'😀'.repeat(35)}a`)).toEqual({ encoding: 'ucs2', units: 71, segments: 2 });
    });

    it('never splits a surrogate pair across parts: 1,600 emoji take 49 SMS of 33 emoji each', () => {
      expect(analyzeText('😀'.repeat(1600))).toEqual({ encoding: 'ucs2', units: 3200, segments: 49 });
      expect(analyzeText(`${'ã'.repeat(66)}😀${'ã'.repeat(66)}`)).toEqual({ encoding: 'ucs2', units: 134, segments: 3 });
      expect(analyzeText(`${'ã'.repeat(65)}😀${'ã'.repeat(67)}`)).toEqual({ encoding: 'ucs2', units: 134, segments: 2 });
    });

    it('counts extension characters once in UCS-2', () => {
      expect(analyzeText('€ã')).toEqual({ encoding: 'ucs2', units: 2, segments: 1 });
    });
  });
});

describe('textProblem', () => {
  it('accepts an ordinary text', () => {
    expect(textProblem('Olá, seu código é 1234')).toBeUndefined();
  });

  it('accepts a text that starts with a dash, as given', () => {
    expect(textProblem('-h')).toBeUndefined();
    expect(textProblem('--help')).toBeUndefined();
  });

  it('refuses an empty text', () => {
    expect(textProblem('')).toEqual(expect.any(String));
  });

  it(`accepts ${MAX_TEXT_LENGTH} characters and refuses ${MAX_TEXT_LENGTH + 1}`, () => {
    expect(MAX_TEXT_LENGTH).toBe(1600);
    expect(textProblem('a'.repeat(1600))).toBeUndefined();
    expect(textProblem('a'.repeat(1601))).toEqual(expect.stringContaining('1600'));
  });

  it('counts characters (code points), not UTF-16 units: 1600 emoji pass, 1601 do not', () => {
    expect(textProblem('😀'.repeat(1600))).toBeUndefined();
    expect(textProblem('😀'.repeat(1601))).toEqual(expect.any(String));
  });

  it.each([
    ['a lone high surrogate', 'abc\ud83d'],
    ['a lone low surrogate', '\ude00abc'],
    ['swapped surrogates', '\ude00\ud83d'],
  ])('refuses %s (it cannot be encoded)', (_name, text) => {
    expect(textProblem(text)).toEqual(expect.any(String));
  });

  it('refuses a NUL, which would cut the command-line argument short', () => {
    expect(textProblem('a\u0000b')).toEqual(expect.any(String));
  });

  it('accepts newlines and tabs inside a text', () => {
    expect(textProblem('linha 1\nlinha 2\tfim')).toBeUndefined();
  });
});
