import { Writable } from 'node:stream';

/**
 * Stdout that writes the log lines of one event-loop turn in a single call. Node writes to
 * a file or a pipe synchronously, one system call per line, and the API logs a line for
 * every accepted SMS: in a burst of 50 requests, the last answer waited for 49 writes.
 * Lines keep their order and are written before the next turn starts; at exit, whatever is
 * left is written synchronously.
 */
export class TurnBatchedStdout extends Writable {
  private pending: string[] = [];
  private readonly flushNow = () => this.flush();

  constructor(private readonly target: NodeJS.WritableStream = process.stdout) {
    super({ decodeStrings: false });
    process.once('exit', this.flushNow);
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.pending.length === 0) setImmediate(this.flushNow);
    this.pending.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    done();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.target.write(text);
  }
}

let shared: TurnBatchedStdout | undefined;

/** The process's one batched stdout: every logger shares it, so lines stay in order. */
export function batchedStdout(): TurnBatchedStdout {
  shared ??= new TurnBatchedStdout();
  return shared;
}
