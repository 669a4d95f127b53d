/** The line of 76 dashes gammu prints before each batch command's header (gammu/gammu.c, `RunBatch`). */
export const BATCH_RULE = '-'.repeat(76);

/**
 * Where the header of the batch command whose line is `line` ends in `stdout`, searching from
 * `from`: the header is `<rule>\nExecuting batch "standard input" - command N: <line>\n` (its
 * wording is translated, so only the `: <line>\n` tail is matched; the caller makes that line
 * unique). Returns the index where the header's rule starts and the index just past it, or
 * undefined while it has not arrived.
 */
export function findBatchHeader(stdout: string, from: number, line: string): { readonly start: number; readonly end: number } | undefined {
  const tail = `: ${line}\n`;
  const at = stdout.indexOf(tail, from);
  if (at < 0) return undefined;
  const rule = stdout.lastIndexOf(`${BATCH_RULE}\n`, at);
  return { start: rule >= from ? rule : at, end: at + tail.length };
}

/**
 * One command's own output in `segment`, the text gammu printed from the end of the previous
 * command up to the next command's header (or to its exit): the command's header line is
 * dropped. What stands before that header is kept only for the first command of a run (gammu's
 * start-up warnings, which a one-shot run prints too); later it is the end marker's own answer.
 * When the header never came (gammu ended first), that is all there is. Pure.
 */
export function commandOutput(segment: string, options: { readonly firstOfRun: boolean }): string {
  const rule = segment.indexOf(`${BATCH_RULE}\n`);
  if (rule < 0) return options.firstOfRun ? segment : '';
  const headerEnd = segment.indexOf('\n', rule + BATCH_RULE.length + 1);
  const before = options.firstOfRun ? segment.slice(0, rule) : '';
  return before + (headerEnd < 0 ? '' : segment.slice(headerEnd + 1));
}
