/** Text that does not follow the Prometheus exposition format. */
export class PrometheusTextError extends Error {
  override readonly name = 'PrometheusTextError';

  constructor(
    message: string,
    /** 1-based number of the offending line, when one line is to blame. */
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}
