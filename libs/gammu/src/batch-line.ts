/**
 * gammu's batch reader (`RunBatch` in gammu/gammu.c, 1.42) reads a line with
 * `fgets(ln, 1998)`: a line of more than 1,997 bytes is cut there and the rest read as a
 * next command. Checked on the dummy driver: 1,997 bytes run as one command, 1,998 as two.
 */
export const MAX_BATCH_LINE_BYTES = 1_997;

/** gammu splits a batch line into at most 19 arguments (`char *argsv[20]`, the first is gammu's name). */
export const MAX_BATCH_ARGUMENTS = 19;

/** Why a command cannot be written as one batch line that gammu splits back into the same arguments. */
export type BatchLineUnfit = 'line-break' | 'both-quotes' | 'empty-argument' | 'too-long' | 'too-many-arguments';

export type BatchLine = { readonly kind: 'line'; readonly line: string } | { readonly kind: 'unfit'; readonly reason: BatchLineUnfit };

/**
 * gammu splits on single spaces; an argument that starts with `"` or `'` runs to the next
 * same quote, with no escapes. A quote inside a bare argument would start a quoted one and drop
 * what came before it, two spaces make an empty argument, and trailing whitespace of the line is
 * cut: so any argument holding whitespace, a quote, or a leading `#` (a comment line) is quoted.
 */
function quote(arg: string): { readonly part: string } | { readonly unfit: BatchLineUnfit } {
  if (arg === '') return { unfit: 'empty-argument' };
  if (/[\r\n]/.test(arg)) return { unfit: 'line-break' };
  if (!/[\s'"]/.test(arg) && !arg.startsWith('#')) return { part: arg };
  if (!arg.includes('"')) return { part: `"${arg}"` };
  if (!arg.includes("'")) return { part: `'${arg}'` };
  return { unfit: 'both-quotes' };
}

/** The batch line gammu reads back as exactly `args`, or why there is none. Pure. */
export function toBatchLine(args: readonly string[]): BatchLine {
  if (args.length > MAX_BATCH_ARGUMENTS) return { kind: 'unfit', reason: 'too-many-arguments' };
  const parts: string[] = [];
  for (const arg of args) {
    const quoted = quote(arg);
    if ('unfit' in quoted) return { kind: 'unfit', reason: quoted.unfit };
    parts.push(quoted.part);
  }
  const line = parts.join(' ');
  if (Buffer.byteLength(line, 'utf8') > MAX_BATCH_LINE_BYTES) return { kind: 'unfit', reason: 'too-long' };
  return { kind: 'line', line };
}
