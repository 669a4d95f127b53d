// Each benchmark reports its headline figures as rows; bench/run.mjs gathers them into one table.
import { appendFileSync } from 'node:fs';
import { fmt, table, verdict } from './lib.mjs';

/**
 * @typedef {{ benchmark: string, metric: string, ours: number, reference?: number, unit: string,
 *   target?: string, pass?: boolean, digits?: number }} ResultRow
 */

export const RESULT_HEADERS = ['benchmark', 'metric', 'ours', 'reference', 'target', 'result'];

/** @param {ResultRow} row */
export function resultCells(row) {
  const digits = row.digits ?? 1;
  const value = (v) => (v === undefined ? '' : `${fmt(v, digits)} ${row.unit}`.trim());
  return [
    row.benchmark,
    row.metric,
    value(row.ours),
    value(row.reference),
    row.target ?? '',
    row.pass === undefined ? '' : verdict(row.pass),
  ];
}

/** Prints the rows as a table and hands them to bench/run.mjs (BENCH_RESULTS file), if it asked. */
export function reportResults(title, rows) {
  console.log(`\n${title}`);
  console.log(table(RESULT_HEADERS, rows.map(resultCells)));
  if (process.env.BENCH_RESULTS) {
    for (const row of rows) appendFileSync(process.env.BENCH_RESULTS, `${JSON.stringify(row)}\n`);
  }
}
