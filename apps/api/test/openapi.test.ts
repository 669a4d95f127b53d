import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v1MessageSchema } from '@sms-gateway/contracts';
import { joiToJsonSchema } from '../src/v1/openapi/joi-to-json-schema';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

const auth = { authorization: `Bearer ${TOKEN}` };

describe('the OpenAPI document and /docs', () => {
  let api: TestApi;
  let doc: Doc;
  beforeAll(async () => {
    api = await startTestApi();
    doc = (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as Doc;
  });
  afterAll(async () => {
    await api.close();
  });

  /** Fails when a response carries a field the document does not describe, or lacks a required one. */
  function expectDescribedBy(schemaName: string, value: Record<string, unknown>) {
    const schema = doc.components.schemas[schemaName];
    expect(Object.keys(value).filter((key) => !(key in (schema?.properties ?? {})))).toEqual([]);
    expect((schema?.required ?? []).filter((key) => !(key in value))).toEqual([]);
  }

  it('is OpenAPI 3.1 and describes the request body with the same Joi schema the route validates with', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.NewMessage).toEqual(joiToJsonSchema(v1MessageSchema));
    expect(doc.components.schemas.NewMessage).toMatchObject({
      required: ['to', 'text'],
      additionalProperties: false,
      properties: { sendAt: { format: 'date-time' }, callbackUrl: { format: 'uri', maxLength: 2048 }, reference: { maxLength: 128 } },
    });
  });

  it('documents every route the API serves', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/enviar-sms',
      '/status',
      '/v1/inbound',
      '/v1/inbound/{id}',
      '/v1/messages',
      '/v1/messages/bulk',
      '/v1/messages/{id}',
      '/v1/modems',
      '/v1/opt-outs',
      '/v1/opt-outs/{number}',
    ]);
    expect(Object.keys(doc.paths['/v1/messages'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/opt-outs/{number}'] ?? {}).sort()).toEqual(['delete', 'put']);
  });

  it('describes exactly the fields real answers carry', async () => {
    const accepted = await api.post('/v1/messages', { to: '123456', text: 'x', reference: 'r', sendAt: new Date(Date.now() + 60_000).toISOString() }, auth);
    expectDescribedBy('AcceptedMessage', accepted.json);
    const view = (await (await fetch(`${api.url}/v1/messages/${String(accepted.json.id)}`, { headers: auth })).json()) as Record<string, unknown>;
    expectDescribedBy('Message', view);
    const error = await api.post('/v1/messages', { to: 'x' }, auth);
    expectDescribedBy('Error', error.json);
  });

  it('serves a page for people at /docs: Swagger UI from the API itself, locked to this origin', async () => {
    const response = await fetch(`${api.url}/docs`);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) {
      expect(source).toMatch(/^\/docs\//);
      expect((await fetch(`${api.url}${source}`)).status, source).toBe(200);
    }
    expect(await (await fetch(`${api.url}/docs/init.js`)).text()).toContain("url: '/v1/openapi.json'");
    // Only the files the page uses: not the rest of node_modules/swagger-ui-dist, nor anything else.
    for (const path of ['/docs/assets/package.json', '/docs/assets/../../package.json', '/docs/assets/index.html']) {
      expect((await fetch(`${api.url}${path}`)).status, path).toBe(404);
    }
  });
});
