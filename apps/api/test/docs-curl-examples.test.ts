import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const run = promisify(execFile);
const DOCS = ['README.md', 'README.pt-BR.md', 'docs/api.md', 'docs/deployment.md'];
/** How the docs spell "your token" in a body; `$SMS_API_TOKEN` comes from the environment. */
const TOKEN_PLACEHOLDERS = ['YOUR_TOKEN', '<seu token>', '<your token>'];

interface CurlExample {
  readonly doc: string;
  readonly command: string;
  /** The status a `# → 202 …` line after the command promises, if any. */
  readonly expectedStatus?: number;
}

/** Every `curl` command in the docs' ```sh blocks, joined across continuation lines and quotes. */
function curlExamples(doc: string): CurlExample[] {
  const text = readFileSync(new URL(`../../../${doc}`, import.meta.url), 'utf8');
  const examples: CurlExample[] = [];
  for (const block of text.matchAll(/^([ \t]*)```sh\n([\s\S]*?)^[ \t]*```/gm)) {
    const indent = block[1]?.length ?? 0;
    const lines = (block[2] ?? '').split('\n').map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)));
    let current = '';
    for (const line of lines) {
      if (current === '' && line.trimStart().startsWith('#')) {
        const promised = /^#\s*→\s*(\d{3})\b/.exec(line.trim());
        const last = examples.at(-1);
        if (promised && last && last.expectedStatus === undefined) examples[examples.length - 1] = { ...last, expectedStatus: Number(promised[1]) };
        continue;
      }
      current = current ? `${current}\n${line}` : line;
      const openQuote = (current.match(/'/g) ?? []).length % 2 === 1;
      if (openQuote || current.endsWith('\\')) continue;
      if (current.trimStart().startsWith('curl ')) examples.push({ doc, command: current.trim() });
      current = '';
    }
  }
  return examples;
}

describe('the curl examples of the README and docs, pasted against a running API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  const examples = DOCS.flatMap(curlExamples);

  it('finds the examples', () => {
    expect(examples.filter((example) => example.doc === 'README.md').length).toBeGreaterThanOrEqual(3);
    expect(examples.filter((example) => example.doc === 'docs/api.md').length).toBeGreaterThanOrEqual(5);
  });

  it('each answers as the docs say (or 2xx where they show no status)', async () => {
    let lastId = '';
    const failures: string[] = [];
    for (const example of examples) {
      let command = example.command.replaceAll(/http:\/\/(localhost|127\.0\.0\.1):5000/g, api.url).replaceAll('<id>', lastId);
      for (const placeholder of TOKEN_PLACEHOLDERS) command = command.replaceAll(placeholder, TOKEN);
      const { stdout } = await run('bash', ['-c', `${command} -sS -w '\\n%{http_code}'`], { env: { PATH: process.env.PATH ?? '', SMS_API_TOKEN: TOKEN }, timeout: 10_000 });
      const body = stdout.slice(0, stdout.lastIndexOf('\n'));
      const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1));
      const id = /"id"\s*:\s*"([0-9a-f-]{36})"/.exec(body)?.[1];
      if (id) lastId = id;
      const ok = example.expectedStatus === undefined ? status >= 200 && status < 300 : status === example.expectedStatus;
      if (!ok) failures.push(`${example.doc}: ${example.command.split('\n')[0]} … → ${status} ${body.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });
});
