import { describe, expect, it } from 'vitest';
import { MAX_BATCH_LINE_BYTES, toBatchLine } from './batch-line';

const send = (text: string) => ['sendsms', 'TEXT', '5511999990001', '-len', String(text.length), '-text', text];

describe('toBatchLine', () => {
  it.each([
    ['a command without spaces', ['networkinfo'], 'networkinfo'],
    ['several bare arguments', ['reset', 'SOFT'], 'reset SOFT'],
    ['a text with spaces, in double quotes', send('oi tudo bem'), 'sendsms TEXT 5511999990001 -len 11 -text "oi tudo bem"'],
    ['a text with an apostrophe, in double quotes', send("it's ok"), `sendsms TEXT 5511999990001 -len 7 -text "it's ok"`],
    ['a text with double quotes, in single quotes', send('say "hi"'), `sendsms TEXT 5511999990001 -len 8 -text 'say "hi"'`],
    ['a one-word text that is only a quote', send('"'), `sendsms TEXT 5511999990001 -len 1 -text '"'`],
    ['a text with a tab', send('a\tb'), 'sendsms TEXT 5511999990001 -len 3 -text "a\tb"'],
    ['a text ending in a space (gammu cuts trailing whitespace of a line)', send('fim '), 'sendsms TEXT 5511999990001 -len 4 -text "fim "'],
    ['a text with two spaces in a row', send('a  b'), 'sendsms TEXT 5511999990001 -len 4 -text "a  b"'],
    ['a text starting with "-", bare', send('-h'), 'sendsms TEXT 5511999990001 -len 2 -text -h'],
    ['a text starting with "#" (a comment line)', ['#x'], '"#x"'],
    ['accents and emoji, bare', send('Olá😀'), 'sendsms TEXT 5511999990001 -len 5 -text Olá😀'],
  ])('writes %s', (_name, args, line) => {
    expect(toBatchLine(args)).toEqual({ kind: 'line', line });
  });

  it.each([
    ['a text with a line break', send('linha 1\nlinha 2'), 'line-break'],
    ['a text with a carriage return', send('a\rb'), 'line-break'],
    ['a text holding both quote kinds', send(`it's "ok"`), 'both-quotes'],
    ['an empty argument', send(''), 'empty-argument'],
    ['more than 19 arguments', Array.from({ length: 20 }, () => 'x'), 'too-many-arguments'],
  ])('refuses %s', (_name, args, reason) => {
    expect(toBatchLine(args)).toEqual({ kind: 'unfit', reason });
  });

  it('takes a line of exactly 1,997 bytes and refuses one byte more (gammu reads 1,997 at a time)', () => {
    const head = 'sendsms TEXT 5511999990001 -len 9999 -text ';
    const fits = 'a'.repeat(MAX_BATCH_LINE_BYTES - head.length);
    const args = (text: string) => ['sendsms', 'TEXT', '5511999990001', '-len', '9999', '-text', text];
    expect(toBatchLine(args(fits))).toEqual({ kind: 'line', line: head + fits });
    expect(toBatchLine(args(`${fits}a`))).toEqual({ kind: 'unfit', reason: 'too-long' });
  });

  it('counts bytes, not characters: 700 two-byte characters fit, 1,000 do not', () => {
    expect(toBatchLine(send('é'.repeat(700))).kind).toBe('line');
    expect(toBatchLine(send('é'.repeat(1_000)))).toEqual({ kind: 'unfit', reason: 'too-long' });
  });

  it('takes exactly 19 arguments', () => {
    expect(toBatchLine(Array.from({ length: 19 }, () => 'x')).kind).toBe('line');
  });
});
