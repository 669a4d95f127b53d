import type { SmsEncoding } from '@sms-gateway/contracts';

/** Where gammu finds this worker's modem. */
export interface GammuTarget {
  readonly config: string;
  readonly section?: number;
}

/** `-c FILE [-s N]`: what goes before the command, on the process's own command line. */
export function connectionArgs({ config, section }: GammuTarget): string[] {
  return ['-c', config, ...(section === undefined ? [] : ['-s', String(section)])];
}

/** `networkinfo`: whether the modem is registered. */
export function networkInfoCommand(): string[] {
  return ['networkinfo'];
}

/** `monitor 1`: one round of the modem's status, the only gammu command that reports the signal. */
export function monitorCommand(): string[] {
  return ['monitor', '1'];
}

/** `reset SOFT`: the modem restarts its firmware without losing its settings. */
export function softResetCommand(): string[] {
  return ['reset', 'SOFT'];
}

/** Options of a send. */
export interface SendSmsOptions {
  /** `-report`: ask the network for a delivery report (DELIVERY_REPORTS). @defaultValue false */
  readonly report?: boolean;
}

/**
 * `sendsms TEXT <number> [-unicode] [-report] -len N -text <text>`.
 * `-len` lifts gammu's silent 160-character cut (it then sends a concatenated SMS);
 * `-unicode` keeps non-GSM text intact. The text is the argument right after `-text`,
 * so a text starting with `-` is safe; the number was validated never to start with `-`.
 * gammu drops one line feed at the very end of the text (as if it had read a line): a text that
 * ends with one is given one more, so that it reaches the phone as given.
 */
export function sendSmsCommand(to: string, text: string, encoding: SmsEncoding, { report = false }: SendSmsOptions = {}): string[] {
  if (to.startsWith('-')) throw new RangeError('a recipient must never start with "-"');
  const gammuText = text.endsWith('\n') ? `${text}\n` : text;
  return [
    'sendsms',
    'TEXT',
    to,
    ...(encoding === 'ucs2' ? ['-unicode'] : []),
    ...(report ? ['-report'] : []),
    '-len',
    String(Math.max(gammuText.length, 1)),
    '-text',
    gammuText,
  ];
}

/** `getallsms`: every message stored in the modem's memory (received SMS, status reports, …). */
export function getAllSmsCommand(): string[] {
  return ['getallsms'];
}

/**
 * `deletesms <folder> <location>`. Folder 0 takes the flat location `getallsms` prints
 * (gammu's AT driver maps it back to the memory and index; the dummy driver too).
 */
export function deleteSmsCommand(folder: number, location: number): string[] {
  if (!Number.isInteger(folder) || folder < 0 || !Number.isInteger(location) || location < 0) {
    throw new RangeError(`not a message location: folder ${folder}, location ${location}`);
  }
  return ['deletesms', String(folder), String(location)];
}

export function networkInfoArgs(target: GammuTarget): string[] {
  return [...connectionArgs(target), ...networkInfoCommand()];
}

export function monitorArgs(target: GammuTarget): string[] {
  return [...connectionArgs(target), ...monitorCommand()];
}

export function softResetArgs(target: GammuTarget): string[] {
  return [...connectionArgs(target), ...softResetCommand()];
}

/** The whole one-shot command line of a send; see {@link sendSmsCommand}. */
export function sendSmsArgs(target: GammuTarget, to: string, text: string, encoding: SmsEncoding, options: SendSmsOptions = {}): string[] {
  return [...connectionArgs(target), ...sendSmsCommand(to, text, encoding, options)];
}
