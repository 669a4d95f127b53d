import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * A client program written against the generated types, as a user of the gateway would write
 * it. It must type-check (the `@ts-expect-error` lines prove the types are precise, not `any`)
 * and then work against the running API.
 */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api';

type Message = components['schemas']['Message'];

export async function sendAndRead(baseUrl: string, token: string) {
  const client = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  const accepted = await client.POST('/v1/messages', { body: { to: '+55 11 98888-7777', text: 'Lembrete: consulta amanhã', reference: 'appt-7' } });
  if (!accepted.data) throw new Error(\`not accepted: \${JSON.stringify(accepted.error)}\`);
  const id: string = accepted.data.id;
  const read = await client.GET('/v1/messages/{id}', { params: { path: { id } } });
  const message: Message | undefined = read.data;
  const status: Message['status'] | undefined = message?.status;
  const refused = await client.POST('/v1/messages', { body: { to: 'not a number', text: 'x' } });
  const code: string | undefined = refused.error?.error.code;
  const page = await client.GET('/v1/messages', { params: { query: { limit: 5 } } });
  const optedOut = await client.PUT('/v1/opt-outs/{number}', { params: { path: { number: '+5511977776666' } } });
  const inbound = await client.GET('/v1/inbound', { params: { query: { from: '+5511977776666' } } });
  return { id, status, reference: message?.reference, code, listed: page.data?.data.map((m) => m.id) ?? [], optedOut: optedOut.data?.number, inbound: inbound.data?.data ?? [] };
}

// Never called: the compiler must refuse these, or the types say nothing.
export function misuses(client: ReturnType<typeof createClient<paths>>) {
  // @ts-expect-error a field the API does not know
  void client.POST('/v1/messages', { body: { to: '1', txt: 'x' } });
  // @ts-expect-error a path the API does not serve
  void client.GET('/v1/messagez');
  // @ts-expect-error a status the lifecycle does not have
  const status: Message['status'] = 'lost';
  return status;
}
`;

describe('a client generated from the served OpenAPI document (openapi-typescript + openapi-fetch)', () => {
  let api: TestApi;
  // Inside the workspace, so that the client resolves openapi-fetch from its node_modules.
  const dir = fileURLToPath(new URL(`../../../tmp/typed-client-${process.pid}-${Date.now()}/`, import.meta.url));
  beforeAll(async () => {
    api = await startTestApi();
    mkdirSync(dir, { recursive: true });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('type-checks, and sends and reads a message through it', async () => {
    const document = (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as Parameters<typeof openapiTS>[0];
    writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(document)));
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    const compile = await promisify(execFile)(
      process.execPath,
      [TSC, '--noEmit', '--strict', '--target', 'ES2022', '--lib', 'ES2022,DOM', '--module', 'preserve', '--moduleResolution', 'bundler', '--skipLibCheck', '--types', 'node', 'client.ts'],
      { cwd: dir, timeout: 120_000 },
    ).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(compile).toBe('');

    const client = (await import(/* @vite-ignore */ join(dir, 'client.ts'))) as { sendAndRead: (baseUrl: string, token: string) => Promise<Record<string, unknown>> };
    const result = await client.sendAndRead(api.url, TOKEN);
    expect(result).toMatchObject({ status: 'queued', reference: 'appt-7', code: 'validation_failed', optedOut: '+5511977776666', inbound: [] });
    expect(result.listed).toContain(result.id);
    expect(await api.queue.job(String(result.id))).toBeDefined();
  }, 120_000);
});
