import { describe, expect, it } from 'vitest';
import { BATCH_RULE, commandOutput, findBatchHeader } from './batch-output';

const header = (n: number, line: string) => `${BATCH_RULE}\nExecuting batch "standard input" - command ${n}: ${line}\n`;
const SENT = 'Sending SMS 1/1..OK, message reference=255\n…waiting for network answer';

describe('findBatchHeader', () => {
  it('finds the marker header after a last line without newline, from its rule to past its line', () => {
    const stdout = `${header(1, 'sendsms TEXT 1 -text oi')}${SENT}${header(2, 'version ab-2')}`;
    const found = findBatchHeader(stdout, 0, 'version ab-2');
    expect(found).toEqual({ start: stdout.indexOf(`${BATCH_RULE}\nExecuting batch "standard input" - command 2`), end: stdout.length });
  });

  it('is undefined while the marker line has not fully arrived', () => {
    expect(findBatchHeader(`${header(1, 'networkinfo')}Network state : home network\n${BATCH_RULE}\nExecuting batch "standard input" - command 2: version ab-2`, 0, 'version ab-2')).toBeUndefined();
  });

  it('does not take a marker of another command (a different number) for this one', () => {
    expect(findBatchHeader(header(4, 'version ab-4'), 0, 'version ab-2')).toBeUndefined();
  });
});

describe('commandOutput', () => {
  it.each([
    ['the first command keeps gammu’s start-up warnings, drops its header', `Warning: No configuration file found!\n${header(1, 'networkinfo')}Error opening device, it doesn't exist.\n`, true, "Warning: No configuration file found!\nError opening device, it doesn't exist.\n"],
    ['a later command drops the previous marker’s answer', `Too many parameters (function accepts 0)\n${header(3, 'sendsms TEXT 1 -text oi')}${SENT}`, false, SENT],
    ['an output holding a rule of its own keeps it', `${header(3, 'getallsms')}text\n${BATCH_RULE}\nmore\n`, false, `text\n${BATCH_RULE}\nmore\n`],
    ['gammu ended before the first header: all it printed', 'Error: Failed to read [gammu5] section\n', true, 'Error: Failed to read [gammu5] section\n'],
    ['gammu ended before a later header: nothing of this command', 'Too many parameters (function accepts 0)\n', false, ''],
    ['gammu ended inside the header line', `${BATCH_RULE}\nExecuting batch "standard in`, false, ''],
  ])('%s', (_name, segment, firstOfRun, expected) => {
    expect(commandOutput(segment, { firstOfRun })).toBe(expected);
  });
});
