import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TIMEOUT_MS = 120_000;

/** `npm run bench:smoke`: every benchmark, very briefly, so that none of them can rot unnoticed. */
function runSmoke(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'bench:smoke'], {
      cwd: repoRoot,
      env: { ...process.env, BENCH_SMOKE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), TIMEOUT_MS - 5_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The summary row whose benchmark and metric columns start as given, split into its cells. */
function summaryRow(output: string, benchmark: string, metric: string): string[] | undefined {
  const summary = output.slice(output.lastIndexOf('=== Summary'));
  return summary
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()).slice(1, -1))
    .find((cells) => cells[0] === benchmark && cells[1]?.startsWith(metric));
}

describe('npm run bench:smoke', () => {
  it(
    'runs every benchmark and prints a figure for each target',
    async () => {
      const { code, output } = await runSmoke();
      expect(code, output).toBe(0);
      expect(output).not.toContain('benchmark run FAILED');

      const expected: [string, string, RegExp][] = [
        ['api throughput', 'req/s at 50 connections', /^[\d,]+ req\/s$/],
        ['api throughput', 'ratio ours/baseline', /^\d+\.\d+$/],
        ['api latency', 'p99 at 1000 req/s offered', /^[\d,]+\.\d ms$/],
        ['worker overhead', 'per message beyond gammu', /^-?[\d,]+\.\d+ ms$/],
        ['redis memory', 'per queued message (used_memory', /^-?[\d,]+ B$/],
        ['modem session', 'share of radio limit, batch', /^[\d,]+\.\d %$/],
        ['modem dummy', 'ms per message, session vs one process each', /^[\d,]+\.\d+ ms$/],
        ['replica-ack', 'ratio ACK=1 / ACK=0', /^\d+\.\d+$/],
      ];
      for (const [benchmark, metric, figure] of expected) {
        const row = summaryRow(output, benchmark, metric);
        expect(row, `summary row "${benchmark} | ${metric}" in:\n${output}`).toBeDefined();
        expect(row?.[2], `${benchmark} ${metric}`).toMatch(figure);
        if (row?.[4]) expect(row[5], `${benchmark} ${metric} verdict`).toMatch(/^(PASS|MISS)$/);
      }
    },
    TIMEOUT_MS,
  );
});
