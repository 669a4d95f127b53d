import { describe, expect, it } from 'vitest';
import { useWorkerHarness } from './support/worker-harness';

/** The options gammu sees before `-text` (the text itself is the one argument after it). */
const optionsBeforeText = (argv: readonly string[]) => argv.slice(0, argv.indexOf('-text'));

describe('worker: what reaches gammu’s command line', () => {
  const harness = useWorkerHarness('texts');

  it.each([
    { what: 'a 400-character GSM text', to: '5511999990400', text: 'Lorem ipsum dolor sit amet. '.repeat(15).slice(0, 400), unicode: false },
    { what: 'a Unicode text with an emoji and CJK', to: '+5511999990001', text: 'Olá 😀 ação — 中文', unicode: true },
    { what: 'the text "-unicode"', to: '5511999990002', text: '-unicode', unicode: false },
    { what: 'the text "--help"', to: '5511999990003', text: '--help', unicode: false },
    { what: 'a text with quotes, a newline and shell characters', to: '5511999990004', text: `$(rm -rf /) "a" 'b'\nlinha; | & *`, unicode: false },
  ])('$what reaches gammu exactly, with the number positional', async ({ to, text, unicode }) => {
    const run = await harness.start();
    const id = await run.client.add(to, text);
    await run.waitForState(id, 'completed');

    const sends = run.gammu.sends();
    expect(sends).toHaveLength(1);
    const { argv } = sends[0]!;
    expect(argv[argv.indexOf('-text') + 1]).toBe(text);
    expect(argv.at(-1)).toBe(text);
    // `sendsms TEXT <number>`: the number is positional, right after TEXT.
    expect(argv.slice(argv.indexOf('sendsms'), argv.indexOf('sendsms') + 3)).toEqual(['sendsms', 'TEXT', to]);
    expect(optionsBeforeText(argv).includes('-unicode')).toBe(unicode);
    // -len lifts gammu's silent 160-character cut; it must cover the whole text (UTF-16 units).
    const len = Number(argv[argv.indexOf('-len') + 1]);
    expect(optionsBeforeText(argv)).toContain('-len');
    expect(len).toBeGreaterThanOrEqual(text.length);
  });

  it('a 400-character GSM text is recorded as one job whose data says 3 parts', async () => {
    const run = await harness.start();
    const text = 'x'.repeat(400);
    const id = await run.client.add('5511999990400', text);
    await run.waitForState(id, 'completed');
    expect((await run.client.job(id))?.data).toMatchObject({ encoding: 'gsm7', segments: 3 });
    expect(run.events('attempt', id)).toEqual([expect.objectContaining({ segments: 3, encoding: 'gsm7' })]);
  });
});
