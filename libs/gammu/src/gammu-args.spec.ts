import { describe, expect, it } from 'vitest';
import { deleteSmsCommand, getAllSmsCommand, networkInfoArgs, sendSmsArgs, sendSmsCommand } from './gammu-args';

const target = { config: '/etc/gammu/modem-1.rc' };

describe('networkInfoArgs', () => {
  it('is -c FILE networkinfo', () => {
    expect(networkInfoArgs(target)).toEqual(['-c', '/etc/gammu/modem-1.rc', 'networkinfo']);
  });

  it('adds -s N when a gammurc section is given', () => {
    expect(networkInfoArgs({ ...target, section: 2 })).toEqual(['-c', '/etc/gammu/modem-1.rc', '-s', '2', 'networkinfo']);
  });

  it('passes section 0 too', () => {
    expect(networkInfoArgs({ ...target, section: 0 })).toEqual(['-c', '/etc/gammu/modem-1.rc', '-s', '0', 'networkinfo']);
  });
});

describe('sendSmsArgs', () => {
  it('builds -c FILE sendsms TEXT <number> -len N -text <text> for a GSM text', () => {
    expect(sendSmsArgs(target, '5511987654321', 'hello', 'gsm7')).toEqual([
      '-c',
      '/etc/gammu/modem-1.rc',
      'sendsms',
      'TEXT',
      '5511987654321',
      '-len',
      '5',
      '-text',
      'hello',
    ]);
  });

  it('adds -unicode for a UCS-2 text', () => {
    expect(sendSmsArgs(target, '+5511987654321', 'Olá', 'ucs2')).toEqual([
      '-c',
      '/etc/gammu/modem-1.rc',
      'sendsms',
      'TEXT',
      '+5511987654321',
      '-unicode',
      '-len',
      '3',
      '-text',
      'Olá',
    ]);
  });

  it('adds -s N after the config file', () => {
    expect(sendSmsArgs({ ...target, section: 1 }, '123', 'hi', 'gsm7')).toEqual([
      '-c',
      '/etc/gammu/modem-1.rc',
      '-s',
      '1',
      'sendsms',
      'TEXT',
      '123',
      '-len',
      '2',
      '-text',
      'hi',
    ]);
  });

  it('always passes -len, so that a text over 160 characters is not cut', () => {
    const text = 'a'.repeat(400);
    const args = sendSmsArgs(target, '123', text, 'gsm7');
    expect(args.slice(args.indexOf('-len'), args.indexOf('-len') + 2)).toEqual(['-len', '400']);
  });

  it('puts -len before -text (gammu only truncates to -len when it has already read the text)', () => {
    const args = sendSmsArgs(target, '123', 'hi', 'gsm7');
    expect(args.indexOf('-len')).toBeGreaterThan(-1);
    expect(args.indexOf('-len')).toBeLessThan(args.indexOf('-text'));
  });

  it('never gives a -len below the text length, for emoji counted as two UTF-16 units', () => {
    const text = '😀'.repeat(10);
    const args = sendSmsArgs(target, '123', text, 'ucs2');
    expect(Number(args[args.indexOf('-len') + 1])).toBeGreaterThanOrEqual(20);
  });

  it.each(['-h', '--help', '-', '-text', '--', '-unicode -flash'])(
    'keeps the text %j as the one argument right after -text, and last',
    (text) => {
      const args = sendSmsArgs(target, '5511987654321', text, 'gsm7');
      expect(args.at(-2)).toBe('-text');
      expect(args.at(-1)).toBe(text);
    },
  );

  it('passes a text with spaces, quotes, newlines and shell characters as one untouched argument', () => {
    const text = 'a b "c" \'d\'\n$(rm -rf /) `id` ; | & > *';
    const args = sendSmsArgs(target, '123', text, 'ucs2');
    expect(args.at(-1)).toBe(text);
    expect(args).toHaveLength(10);
  });

  it('places the number right after TEXT', () => {
    const args = sendSmsArgs(target, '+5511987654321', 'hi', 'gsm7');
    expect(args[args.indexOf('TEXT') + 1]).toBe('+5511987654321');
  });

  it.each(['-h', '--help', '-123', '--'])('throws for a number starting with "-" (%j)', (to) => {
    expect(() => sendSmsArgs(target, to, 'hi', 'gsm7')).toThrow(RangeError);
  });
});

describe('delivery reports and the message memory', () => {
  it('asks for a delivery report with -report, before -len and -text, when told to', () => {
    expect(sendSmsCommand('5511987654321', '-text', 'gsm7', { report: true })).toEqual([
      'sendsms',
      'TEXT',
      '5511987654321',
      '-report',
      '-len',
      '5',
      '-text',
      '-text',
    ]);
    expect(sendSmsCommand('5511987654321', 'oi', 'ucs2', { report: false })).not.toContain('-report');
    expect(sendSmsCommand('5511987654321', 'oi', 'ucs2')).not.toContain('-report');
  });

  it('lists the memory with getallsms and deletes one entry by its flat location', () => {
    expect(getAllSmsCommand()).toEqual(['getallsms']);
    expect(deleteSmsCommand(0, 10001)).toEqual(['deletesms', '0', '10001']);
  });

  it.each([
    [-1, 1],
    [0, -1],
    [0, 1.5],
    [Number.NaN, 1],
  ])('refuses folder %d location %d rather than run gammu with it', (folder, location) => {
    expect(() => deleteSmsCommand(folder, location)).toThrow(RangeError);
  });
});
