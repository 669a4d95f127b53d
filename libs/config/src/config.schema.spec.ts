import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { environmentSchema } from './config.schema';
import { loadApiConfig, loadWorkerConfig } from './load-config';

// The schema promises that `.env.example` lists the same variables; this keeps the two in step.
const example = readFileSync(fileURLToPath(new URL('../../../.env.example', import.meta.url)), 'utf8');

/** `NAME=value` lines, and the names of commented-out `# NAME=` lines. */
const assigned = Object.fromEntries(
  [...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(([, name, value]) => [name, (value ?? '').trim()]),
);
const commented = [...example.matchAll(/^#\s*([A-Z][A-Z0-9_]*)=/gm)].map(([, name]) => name);
const listed = new Set([...Object.keys(assigned), ...commented]);

// NODE_ENV is the Node ecosystem's own switch, not a gateway setting.
const schemaNames = Object.keys(environmentSchema.describe().keys ?? {}).filter((name) => name !== 'NODE_ENV');

describe('.env.example', () => {
  it('lists every variable of the schema', () => {
    expect(schemaNames.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('lists no variable the schema does not know', () => {
    expect([...listed].filter((name) => !schemaNames.includes(name))).toEqual([]);
  });

  it('gives the schema’s defaults: loading it with a token of one’s own changes nothing else', () => {
    const token = { SMS_API_TOKEN: 'a-token-of-my-own-0123' };
    expect(loadWorkerConfig(assigned)).toEqual(loadWorkerConfig({}));
    expect(loadApiConfig({ ...assigned, ...token })).toEqual(loadApiConfig(token));
  });

  it('ships no token: the API refuses to start until one is set', () => {
    expect(assigned.SMS_API_TOKEN).toBe('');
    expect(() => loadApiConfig(assigned)).toThrow(/SMS_API_TOKEN/);
  });
});
