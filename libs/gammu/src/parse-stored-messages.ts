import type { ProcessResult } from './run-process';
import type { ConcatenationInfo, DeleteResult, DeliveryReportStatus, StoredMessage, StoredMessagesListing } from './stored-message';

/** `Location 10001, folder "Inbox", SIM memory, Inbox folder` (gammu's PrintSMSLocation). */
const HEADER = /^Location (\d+), folder "([^"]*)"(.*)$/;
const SUMMARY = /^\d+ SMS parts in \d+ SMS sequences$/;
const FIELD = /^([A-Z][A-Za-z ]*?)\s*: ?(.*)$/;
const CONCATENATED = /Concatenated \(linked\) message, ID \((?:8|16) bit\) (\d+), part (\d+) of (\d+)/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE = /^(?:\w+ )?(\w{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})(?: ([+-])(\d{2})(\d{2}))?/;
const DELIVERY: Record<string, DeliveryReportStatus> = { Delivered: 'delivered', Failed: 'failed', Pending: 'pending' };

/** gammu's `Sun Dec  6 04:31:19 2026 +0000` (strftime %c in the C locale, then the offset) as ISO; undefined when it is not one. Pure. */
export function parseGammuDate(text: string): string | undefined {
  const match = DATE.exec(text.trim());
  if (!match) return undefined;
  const [, month, day, hour, minute, second, year, sign, offsetHours, offsetMinutes] = match;
  const monthIndex = MONTHS.indexOf(month!);
  if (monthIndex < 0) return undefined;
  const offsetMs = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 : 0;
  const local = Date.UTC(Number(year), monthIndex, Number(day), Number(hour), Number(minute), Number(second));
  return Number.isFinite(local) ? new Date(local - offsetMs).toISOString() : undefined;
}

/** `"+5511988887777"` (possibly followed by a contact name) → the number. */
const unquote = (value: string | undefined) => /^"([^"]*)"/.exec(value ?? '')?.[1] ?? value?.trim();

interface Block {
  readonly location: number;
  readonly folder: string;
  readonly inbox: boolean;
  readonly lines: readonly string[];
}

function parseBlock({ location, folder, inbox, lines }: Block): StoredMessage {
  const raw = lines.join('\n');
  const unknown = (reason: string): StoredMessage => ({ kind: 'unknown', location, reason, raw });
  const kind = lines[1];
  const blank = lines.indexOf('', 2);
  const fields = new Map<string, string>();
  for (const line of lines.slice(2, blank < 0 ? undefined : blank)) {
    const field = FIELD.exec(line);
    if (field) fields.set(field[1]!, field[2]!);
  }
  if (kind === 'SMS status report') {
    const recipient = unquote(fields.get('Remote number'));
    const reference = Number(fields.get('Reference number'));
    const word = fields.get('Delivery status')?.trim();
    if (!recipient || !Number.isInteger(reference) || !word) return unknown('status report without number, reference or delivery status');
    const reportedAt = parseGammuDate(fields.get('SMSC response') ?? '');
    return {
      kind: 'statusReport',
      location,
      folder,
      recipient,
      reference,
      status: DELIVERY[word] ?? 'unknown',
      detail: fields.get('Details')?.trim() || word,
      ...(reportedAt ? { reportedAt } : {}),
    };
  }
  if (kind !== 'SMS message') return unknown(`not an SMS gammu can read (${kind ?? 'empty entry'})`);
  if (!inbox) return unknown(`not a received SMS (folder "${folder}")`);
  if (blank < 0) return unknown('received SMS without its text');
  if (/^8-bit/.test(fields.get('Coding') ?? '')) return unknown('binary (8-bit) SMS');
  const from = unquote(fields.get('Remote number'));
  if (!from) return unknown('received SMS without a sender');
  const concatenated = CONCATENATED.exec(fields.get('User Data Header') ?? '');
  const concatenation: ConcatenationInfo | undefined = concatenated
    ? { reference: Number(concatenated[1]), part: Number(concatenated[2]), total: Number(concatenated[3]) }
    : undefined;
  const sentAt = parseGammuDate(fields.get('Sent') ?? '');
  // The text is printed with "%s\n", then each entry ends with one more "\n".
  const text = lines.slice(blank + 1, -1).join('\n');
  return {
    kind: 'received',
    location,
    folder,
    from,
    ...(sentAt ? { sentAt } : {}),
    text,
    ...(concatenation && concatenation.part >= 1 && concatenation.part <= concatenation.total ? { concatenation } : {}),
  };
}

/**
 * Turns a `gammu getallsms` run into its entries: received SMS (with their concatenation
 * header), status reports, and anything else as `unknown`. Never throws: a run that failed or
 * was cut off keeps the entries printed before, and an entry that may be cut off is `unknown`. Pure.
 */
export function parseStoredMessages(run: ProcessResult): StoredMessagesListing {
  // gammu ends its lines with LF (CR LF only where the whole listing does, e.g. on Windows): a CR
  // inside a received text is the sender's and stays.
  const crlf = /^[^\n]*\r\n/.test(run.stdout);
  const lines = (crlf ? run.stdout.replace(/\r\n/g, '\n') : run.stdout).split('\n');
  // An entry starts at a header line after a blank line (a text line that looks like one does not).
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (HEADER.test(line) && (starts.length === 0 || lines[i - 1] === '')) starts.push(i);
  });
  let summary = -1;
  for (let i = lines.length - 1; i >= 0 && summary < 0; i -= 1) if (SUMMARY.test(lines[i]!)) summary = i;

  const failed = run.timedOut || run.spawnError !== undefined || run.exitCode !== 0;
  // gammu printed an error line after the last entry and exited: the entry before it is whole.
  const exitedWithError = failed && !run.timedOut && run.spawnError === undefined && run.exitCode !== null;
  let end = summary - 2; // the listing ends with "\n\n" before the summary line
  let errorLine: string | undefined;
  if (summary < 0) {
    end = lines.length;
    while (end > 0 && lines[end - 1] === '') end -= 1;
    if (exitedWithError && end - 1 > (starts.at(-1) ?? -1)) {
      errorLine = lines[end - 1];
      end -= 1;
    }
  }
  const messages: StoredMessage[] = starts.map((start, n) => {
    const stop = n + 1 < starts.length ? starts[n + 1]! : Math.max(end, start + 1);
    const header = HEADER.exec(lines[start]!)!;
    return parseBlock({
      location: Number(header[1]),
      folder: header[2]!,
      inbox: /, Inbox folder\b/.test(header[3]!),
      lines: lines.slice(start, stop),
    });
  });

  const complete = !failed && summary >= 0;
  if (!complete && !exitedWithError && messages.length > 0) {
    // The last entry may have been cut off mid-text: never store half a message.
    const last = messages.pop()!;
    messages.push({ kind: 'unknown', location: last.location, reason: 'the listing was cut off in this entry', raw: last.kind === 'unknown' ? last.raw : '' });
  }
  const why = run.timedOut
    ? `gammu getallsms timed out after ${run.durationMs} ms`
    : run.spawnError
      ? `cannot run gammu: ${run.spawnError.message}`
      : failed
        ? `gammu getallsms exited with ${run.exitCode ?? run.signal}${errorLine ? `: ${errorLine}` : ''}`
        : summary < 0
          ? 'gammu getallsms ended without its summary line'
          : undefined;
  return { messages, complete, ...(why ? { problem: why } : {}) };
}

/** Turns a `gammu deletesms` run into deleted or failed. Pure. */
export function parseDeleteResult(run: ProcessResult): DeleteResult {
  if (run.timedOut) return { kind: 'failed', detail: `gammu deletesms timed out after ${run.durationMs} ms` };
  if (run.spawnError) return { kind: 'failed', detail: `cannot run gammu: ${run.spawnError.message}` };
  if (run.exitCode === 0) return { kind: 'deleted' };
  const detail = [run.stdout, run.stderr].join('\n').split('\n').map((line) => line.trim()).filter(Boolean).at(-1) ?? 'no output';
  return { kind: 'failed', detail: `gammu deletesms exited with ${run.exitCode ?? run.signal}: ${detail}` };
}
