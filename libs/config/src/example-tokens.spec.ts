import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_TOKENS } from './example-tokens';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The files the repository ships for people to copy from: env examples, compose, READMEs, docs. */
function shippedFiles(): string[] {
  const top = readdirSync(root).filter((name) => /^README.*\.md$/.test(name) || name === '.env.example' || name === 'docker-compose.yml');
  const deploy = walk(join(root, 'deploy')).filter((path) => path.endsWith('.env.example') || path.endsWith('.md'));
  const docs = walk(join(root, 'docs')).filter((path) => !/\.(png|jpe?g|gif|svg|ico|woff2?)$/.test(path));
  return [...top.map((name) => join(root, name)), ...deploy, ...docs];
}

/** A value written in place of a real token: not a variable, a placeholder in <>, words, nor empty. */
const isLiteral = (value: string) => value !== '' && !/^[$<{(`[]/.test(value) && !/\s/.test(value) && !/^\.\.\.?$/.test(value);

/** Token-looking example values: `SMS_API_TOKEN=…` / `SMS_API_TOKEN: …`, a JSON `"token": "…"`, `Authorization: Bearer …`. */
export function exampleTokensIn(text: string): string[] {
  const found = [
    ...[...text.matchAll(/(?<![{\w])SMS_API_TOKEN[ \t]*[=:][ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'`]*))/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? ''),
    ...[...text.matchAll(/["']token["'][ \t]*:[ \t]*["']([^"']*)["']/gi)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/Authorization:[ \t]*Bearer[ \t]+([^\s"'`\\]+)/gi)].map((m) => m[1] ?? ''),
  ];
  return found.filter(isLiteral);
}

describe('example tokens shipped in the repository', () => {
  it('finds the three spellings of an example token', () => {
    expect(exampleTokensIn("SMS_API_TOKEN='o token que você usava'")).toEqual([]);
    expect(exampleTokensIn('SMS_API_TOKEN=abc\nSMS_API_TOKEN: "def"\n{"token": "ghi"}\nAuthorization: Bearer jkl')).toEqual(['abc', 'def', 'ghi', 'jkl']);
    expect(exampleTokensIn('SMS_API_TOKEN=\nSMS_API_TOKEN: ${SMS_API_TOKEN:?set}\n{"token": "$TOKEN"}\nAuthorization: Bearer <token>\nAuthorization: Bearer $SMS_API_TOKEN\na Bearer token')).toEqual([]);
  });

  it('are all refused at start (EXAMPLE_TOKENS lists every one)', () => {
    const files = shippedFiles();
    expect(files.length).toBeGreaterThan(3);
    const unlisted = files.flatMap((path) =>
      exampleTokensIn(readFileSync(path, 'utf8'))
        .filter((token) => !EXAMPLE_TOKENS.includes(token))
        .map((token) => `${relative(root, path)}: ${token}`),
    );
    expect(unlisted, 'add these to EXAMPLE_TOKENS in libs/config/src/example-tokens.ts').toEqual([]);
  });
});
