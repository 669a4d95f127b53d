import { gzipSync, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, rawHttpExchange, runConcurrently, SHARED_REDIS_URL, waitFor, type HttpExchange } from '@sms-gateway/testing';
import { createGateway, TOKEN, type Gateway, type RunningApi } from './support/gateway';

/** What the contract lets into the queue (CONTRACT.md, "Validation"). */
const VALID_TO = /^\+?\d{3,20}$/;
const MAX_TEXT = 1_600;

/** A seeded generator, so a failing run can be replayed with E2E_FUZZ_SEED. */
const SEED = Number(process.env.E2E_FUZZ_SEED ?? Date.now() % 2 ** 31);
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface HostileCase {
  /** The family, for the report. */
  readonly group: string;
  readonly label: string;
  readonly method?: string;
  readonly path?: string;
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string | Uint8Array;
  /** Bytes written as they are on a TCP connection instead of a node:http request. */
  readonly raw?: string | Uint8Array;
  /** A 202 is fine: the request may be valid after all. Otherwise it must be refused (never queued). */
  readonly may202?: boolean;
  /** The server may close the connection without an answer (e.g. while a 10 MB upload is still going). */
  readonly mayDrop?: boolean;
  readonly timeoutMs?: number;
}

const JSON_HEADERS = [['content-type', 'application/json']] as const;
/** A client address of its own (the API is started with TRUST_PROXY=loopback). */
const FRESH_CLIENT_HEADERS = [...JSON_HEADERS, ['x-forwarded-for', '192.0.2.1']] as const;
/** A distinct text per request, so that every stored job can be traced back to its request. */
let serial = 0;
const unique = (tag: string) => `${tag}-${++serial}`;
const valid = (mensagem = unique('ok'), extra: Record<string, unknown> = {}) => ({ token: TOKEN, numero: '5511999990000', mensagem, ...extra });
const post = (group: string, label: string, body: unknown, more: Partial<HostileCase> = {}): HostileCase => ({
  group,
  label,
  headers: JSON_HEADERS,
  body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  ...more,
});
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
const nest = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

function wrongTypes(): HostileCase[] {
  const values: unknown[] = [null, true, false, 0, -1, 1.5, -0, 1e308, 123, 5511999990000, 2 ** 53 + 2, [], ['5511999990000'], {}, { $gt: '' }, { toString: '5511' }, '', ' ', '\u0000', 'x'.repeat(5_000)];
  const cases: HostileCase[] = [];
  for (const field of ['token', 'numero', 'mensagem'] as const) {
    for (const [i, value] of values.entries()) {
      // A number of 3 to 20 digits is a valid numero; a blank-but-present text is valid too.
      const mayBeValid = (field === 'numero' && typeof value === 'number') || (field === 'mensagem' && value === ' ');
      cases.push(post('wrong types', `${field}=${JSON.stringify(value)?.slice(0, 30)}`, { ...valid(`wt-${field}-${i}`), [field]: value }, { may202: mayBeValid }));
      // The same with the token in the header: a wrong-typed body token must not matter then.
      cases.push(
        post('wrong types', `${field}=… (bearer)`, { ...valid(`wtb-${field}-${i}`), [field]: value }, {
          headers: [...JSON_HEADERS, ['authorization', `Bearer ${TOKEN}`]],
          may202: mayBeValid || field === 'token',
        }),
      );
    }
    cases.push(post('wrong types', `${field} missing`, Object.fromEntries(Object.entries(valid('wt-missing')).filter(([key]) => key !== field))));
  }
  return cases;
}

function deepNesting(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const depth of [100, 5_000, 30_000]) {
    cases.push(post('deep nesting', `array ${depth}`, nest(depth, '[', ']')));
    cases.push(post('deep nesting', `object ${depth}`, nest(depth, '{"a":', '}')));
    for (const field of ['token', 'numero', 'mensagem']) {
      const inner = JSON.stringify(valid('deep')).slice(0, -1);
      cases.push(post('deep nesting', `${field} nested ${depth}`, `${inner},"${field}":${nest(depth, '[', ']', '"5511999990000"')}}`));
    }
  }
  cases.push(post('deep nesting', 'array 100000 (over 64 KB)', nest(100_000, '[', ']')));
  return cases;
}

function hugeStrings(): HostileCase[] {
  const longest = 'a'.repeat(MAX_TEXT);
  return [
    post('huge strings', 'mensagem 1600', valid(`${'L'.repeat(MAX_TEXT - 9)}-1600-ok`), { may202: true }),
    post('huge strings', 'mensagem 1601', valid(`${longest}b`)),
    post('huge strings', 'mensagem 60000', valid('a'.repeat(60_000))),
    post('huge strings', 'mensagem 70000 (over 64 KB)', valid('a'.repeat(70_000))),
    post('huge strings', 'mensagem 1600 emoji', valid('😀'.repeat(MAX_TEXT)), { may202: true }),
    post('huge strings', 'mensagem 1601 emoji', valid('😀'.repeat(MAX_TEXT + 1))),
    // NFC composes e + combining acute into é: 3200 code points become 1600 characters.
    post('huge strings', 'mensagem 1600 é decomposed', valid('e\u0301'.repeat(MAX_TEXT)), { may202: true }),
    post('huge strings', 'mensagem 1601 é decomposed', valid('e\u0301'.repeat(MAX_TEXT + 1))),
    // NFC decomposes these (composition exclusions): 1600 of them become 3200 or 4800 code points.
    post('huge strings', 'mensagem 1600 × U+0958', valid('\u0958'.repeat(MAX_TEXT)), { may202: true }),
    post('huge strings', 'mensagem 1000 × U+FB2C', valid('\ufb2c'.repeat(1_000)), { may202: true }),
    post('huge strings', 'numero 20 digits', valid('n20', { numero: '1'.repeat(20) }), { may202: true }),
    post('huge strings', 'numero 21 digits', valid('n21', { numero: '1'.repeat(21) })),
    post('huge strings', 'numero 60000 digits', valid('n60k', { numero: '1'.repeat(60_000) })),
    post('huge strings', 'numero 20 digits among 40000 spaces', valid('nsp', { numero: `${' '.repeat(40_000)}${'1'.repeat(20)}` }), { may202: true }),
    post('huge strings', 'token 60000', valid('tok', { token: 't'.repeat(60_000) })),
    post('huge strings', 'unknown field 60000', valid('pad', { padding: 'p'.repeat(60_000) }), { may202: true }),
    post('huge strings', '8000 keys', `{${Array.from({ length: 8_000 }, (_, i) => `"k${i}":0`).join(',')},"token":"${TOKEN}"}`),
  ];
}

function bigAndEmptyBodies(): HostileCase[] {
  const padded = (size: number) => JSON.stringify(valid('big', { padding: 'p'.repeat(size) }));
  const bomb = gzipSync(Buffer.from(`{"token":"${TOKEN}","numero":"5511999990000","mensagem":"${'a'.repeat(10 * 1024 * 1024)}"}`));
  return [
    post('big bodies', '100 KB', padded(100 * 1024)),
    post('big bodies', '10 MB', padded(10 * 1024 * 1024), { mayDrop: true, timeoutMs: 30_000 }),
    post('big bodies', '10 MB chunked', padded(10 * 1024 * 1024), { headers: [...JSON_HEADERS, ['transfer-encoding', 'chunked']], mayDrop: true, timeoutMs: 30_000 }),
    post('big bodies', '10 MB gzip bomb', bomb, { headers: [...JSON_HEADERS, ['content-encoding', 'gzip']] }),
    post('big bodies', 'gzip of a valid body', gzipSync(JSON.stringify(valid('gzip-ok'))), { headers: [...JSON_HEADERS, ['content-encoding', 'gzip']], may202: true }),
    post('big bodies', 'deflate garbage', bytes([1, 2, 3, 4, 5, 6]), { headers: [...JSON_HEADERS, ['content-encoding', 'deflate']] }),
    post('big bodies', 'deflate of an array', deflateSync('[1,2,3]'), { headers: [...JSON_HEADERS, ['content-encoding', 'deflate']] }),
    post('big bodies', 'br garbage', 'not brotli', { headers: [...JSON_HEADERS, ['content-encoding', 'br']] }),
    post('big bodies', 'unknown content-encoding', JSON.stringify(valid('ce')), { headers: [...JSON_HEADERS, ['content-encoding', 'x-unknown']] }),
    post('big bodies', 'gzip, gzip', gzipSync(gzipSync(JSON.stringify(valid('gzgz')))), { headers: [...JSON_HEADERS, ['content-encoding', 'gzip, gzip']], may202: true }),
    post('empty bodies', 'content-length 0', ''),
    post('empty bodies', 'content-length 0, no content-type', '', { headers: [] }),
    { group: 'empty bodies', label: 'no body at all' },
    post('empty bodies', 'chunked, empty', '', { headers: [...JSON_HEADERS, ['transfer-encoding', 'chunked']] }),
    post('empty bodies', 'chunked, empty, bearer token', '', { headers: [...JSON_HEADERS, ['transfer-encoding', 'chunked'], ['authorization', `Bearer ${TOKEN}`]] }),
    post('empty bodies', 'whitespace', ' \n\t '),
    post('empty bodies', 'empty object', '{}'),
    post('empty bodies', 'empty object, bearer token', '{}', { headers: [...JSON_HEADERS, ['authorization', `Bearer ${TOKEN}`]] }),
  ];
}

function invalidUtf8(): HostileCase[] {
  const sequences: [string, number[]][] = [
    ['0xff', [0xff]],
    ['0xc3 0x28', [0xc3, 0x28]],
    ['truncated 3-byte', [0xe2, 0x82]],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['overlong /', [0xc0, 0xaf]],
    ['5-byte', [0xf8, 0x88, 0x80, 0x80, 0x80]],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['latin-1 ã', [0xe3]],
  ];
  const cases: HostileCase[] = [];
  for (const [name, seq] of sequences) {
    cases.push(post('invalid UTF-8', `${name} in mensagem`, bytes(`{"token":"${TOKEN}","numero":"5511999990000","mensagem":"a`, seq, 'b"}')));
    cases.push(post('invalid UTF-8', `${name} in numero`, bytes(`{"token":"${TOKEN}","numero":"5511`, seq, '999","mensagem":"x"}')));
    cases.push(post('invalid UTF-8', `${name} in a key`, bytes(`{"token":"${TOKEN}","numero":"5511999990000","mensagem":"x","`, seq, '":1}')));
    cases.push(post('invalid UTF-8', `${name} at the end`, bytes(JSON.stringify(valid('end')), seq)));
  }
  cases.push(post('invalid UTF-8', 'BOM first', bytes([0xef, 0xbb, 0xbf], JSON.stringify(valid('bom'))), { may202: true }));
  cases.push(post('invalid UTF-8', 'lone surrogate escape \\ud800', `{"token":"${TOKEN}","numero":"5511999990000","mensagem":"a\\ud800b"}`));
  cases.push(post('invalid UTF-8', 'lone surrogate escape \\udfff', `{"token":"${TOKEN}","numero":"5511999990000","mensagem":"\\udfff"}`));
  cases.push(post('invalid UTF-8', 'NUL escape in mensagem', `{"token":"${TOKEN}","numero":"5511999990000","mensagem":"a\\u0000b"}`));
  return cases;
}

function contentTypes(): HostileCase[] {
  const body = (tag: string) => JSON.stringify(valid(`ct-${tag}`));
  const types: [string, string | undefined][] = [
    ['none', undefined],
    ['text/plain', 'text/plain'],
    ['form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=xyz'],
    ['json utf-8', 'application/json; charset=utf-8'],
    ['json UTF-8 quoted', 'application/json; charset="UTF-8"'],
    ['json utf-99', 'application/json; charset=utf-99'],
    ['json latin1', 'application/json; charset=latin1'],
    ['json utf-7', 'application/json; charset=utf-7'],
    ['garbage', 'a/b/c;;;=;'],
    ['empty', ''],
    ['json twice', 'application/json, application/json'],
    ['8 KB', `application/json; x=${'y'.repeat(8_000)}`],
    ['xml', 'application/xml'],
    ['octet-stream', 'application/octet-stream'],
  ];
  const cases: HostileCase[] = [];
  for (const [name, type] of types) {
    const headers: [string, string][] = type === undefined ? [] : [['content-type', type]];
    cases.push(post('content types', `${name} + JSON body`, body(name.replace(/\W/g, '')), { headers, may202: true }));
    cases.push(post('content types', `${name} + form body`, `token=${TOKEN}&numero=5511999990000&mensagem=form`, { headers }));
  }
  cases.push(
    post('content types', 'utf-16le body declared', Buffer.from(JSON.stringify(valid('utf16')), 'utf16le'), {
      headers: [['content-type', 'application/json; charset=utf-16le']],
      may202: true,
    }),
  );
  cases.push(post('content types', 'utf-16 body undeclared', Buffer.from(JSON.stringify(valid('utf16u')), 'utf16le')));
  cases.push(
    post('content types', 'two content-type headers', body('two'), {
      headers: [
        ['content-type', 'text/plain'],
        ['content-type', 'application/json'],
      ],
      may202: true,
    }),
  );
  return cases;
}

function prototypeKeys(): HostileCase[] {
  const inner = JSON.stringify(valid('proto-inner'));
  return [
    post('__proto__ / constructor', '__proto__ holds every field', `{"__proto__":${inner}}`),
    post('__proto__ / constructor', '__proto__ holds numero and mensagem', `{"token":"${TOKEN}","__proto__":{"numero":"5511999990000","mensagem":"x"}}`),
    post('__proto__ / constructor', 'constructor.prototype holds numero', `{"token":"${TOKEN}","mensagem":"x","constructor":{"prototype":{"numero":"5511999990000"}}}`),
    post('__proto__ / constructor', '__proto__ tries to set a bad numero', `{"token":"${TOKEN}","numero":"5511999990000","mensagem":"proto-extra","__proto__":{"numero":"-h"}}`, { may202: true }),
    post('__proto__ / constructor', 'numero is {"__proto__": …}', `{"token":"${TOKEN}","numero":{"__proto__":"5511999990000"},"mensagem":"x"}`),
    post('__proto__ / constructor', 'mensagem has toString', `{"token":"${TOKEN}","numero":"5511999990000","mensagem":{"toString":"x","valueOf":"y"}}`),
    post('__proto__ / constructor', 'token is {"__proto__"}', `{"token":{"__proto__":"${TOKEN}"},"numero":"5511999990000","mensagem":"x"}`),
    post('__proto__ / constructor', 'hasOwnProperty overridden', `{"hasOwnProperty":1,"token":"${TOKEN}","numero":"5511999990000","mensagem":"proto-hop"}`, { may202: true }),
    post('__proto__ / constructor', 'prototype pollution via nested __proto__', `{"a":{"__proto__":{"numero":"5511","mensagem":"polluted","token":"${TOKEN}"}}}`),
    post('__proto__ / constructor', 'constructor key alone', `{"constructor":{"name":"x"}}`),
  ];
}

function duplicateKeys(): HostileCase[] {
  const n = '"numero":"5511999990000"';
  return [
    post('duplicate keys', 'numero valid then -h', `{"token":"${TOKEN}",${n},"numero":"-h","mensagem":"x"}`),
    post('duplicate keys', 'numero -h then valid', `{"token":"${TOKEN}","numero":"-h",${n},"mensagem":"dup-last-valid"}`, { may202: true }),
    post('duplicate keys', 'token right then wrong', `{"token":"${TOKEN}","token":"wrong",${n},"mensagem":"x"}`),
    post('duplicate keys', 'token wrong then right', `{"token":"wrong","token":"${TOKEN}",${n},"mensagem":"dup-token"}`, { may202: true }),
    post('duplicate keys', 'mensagem then empty', `{"token":"${TOKEN}",${n},"mensagem":"x","mensagem":""}`),
    post('duplicate keys', 'mensagem then null', `{"token":"${TOKEN}",${n},"mensagem":"x","mensagem":null}`),
    post('duplicate keys', 'mensagem then object', `{"token":"${TOKEN}",${n},"mensagem":"x","mensagem":{}}`),
  ];
}

function hostileNumbers(): HostileCase[] {
  const bad = [
    '-5511999990000', ' -5511999990000', '--help', '-h', '-', '5511\n999', '5511\r\n-h', '5511\u0000999', '\t5511999', '5511999\t',
    '5511\u001b999', '5511\u007f999', '5511\u2028999', '5511\u200b999', '١٢٣٤٥٦٧', '１２３４５６７', '+', '+12', '++5511', '5511+', '0x1234', '1e5',
    '12 34 56 78 90 12 34 56 78 90 1', '5511999990000;rm -rf /', '$(reboot)', '`id`', '5511999990000 -text x', '\u202e5511999', 'null', '5511_999', '5511/999',
    '\u00a0-5511999', '\ufeff5511999', '5511\u0085999',
  ];
  // Dashes are formatting, stripped first: "+-5511999" is "+5511999" (CONTRACT.md, "Validation").
  const good = ['+55 (11) 99999-1234', '5511.999.999', '(55) 11 9999 0000', '123', '+123', '5511\u00a0999990000', '+-5511999'];
  const cases: HostileCase[] = [];
  for (const numero of bad) cases.push(post('hostile numbers', JSON.stringify(numero), valid('num', { numero })));
  for (const numero of good) cases.push(post('hostile numbers', JSON.stringify(numero), valid('num-ok', { numero }), { may202: true }));
  for (const literal of ['-5511999', '1e21', '0', '-0', '12.0', '123.0', '5511999990000.5', '1e400', '9007199254740993', '00000123']) {
    // 00000123 is not JSON; 123.0 and 1e21 are numbers JSON allows.
    cases.push(post('hostile numbers', `number ${literal}`, `{"token":"${TOKEN}","numero":${literal},"mensagem":"num-literal"}`, { may202: literal === '123.0' }));
  }
  for (const mensagem of ['-h', '--', '-text', '\u0000', 'a\u0000', '\r\n', ' ']) {
    cases.push(post('hostile numbers', `mensagem ${JSON.stringify(mensagem)}`, valid(mensagem), { may202: !mensagem.includes('\u0000') }));
  }
  return cases;
}

function headerAbuse(): HostileCase[] {
  const body = () => JSON.stringify(valid(unique('hdr')));
  const [one, three] = [body(), body()];
  const many = (n: number): [string, string][] => Array.from({ length: n }, (_, i) => [`x-h-${i}`, 'v'] as [string, string]);
  return [
    post('header abuse', 'Authorization 20 KB', '{}', { headers: [...JSON_HEADERS, ['authorization', `Bearer ${'a'.repeat(20_000)}`]] }),
    post('header abuse', 'Authorization 10 KB', '{}', { headers: [...JSON_HEADERS, ['authorization', `Bearer ${'a'.repeat(10_000)}`]] }),
    post('header abuse', 'Authorization 100 KB', '{}', { headers: [...JSON_HEADERS, ['authorization', `Bearer ${'a'.repeat(100_000)}`]] }),
    post('header abuse', 'Authorization: Bearer (empty)', JSON.stringify({ numero: '5511999990000', mensagem: 'x' }), { headers: [...JSON_HEADERS, ['authorization', 'Bearer ']] }),
    post('header abuse', 'Authorization: Bearer token token', JSON.stringify({ numero: '5511999990000', mensagem: 'x' }), {
      headers: [...JSON_HEADERS, ['authorization', `Bearer ${TOKEN} ${TOKEN}`]],
    }),
    post('header abuse', 'two Authorization headers', JSON.stringify({ numero: '5511999990000', mensagem: 'x' }), {
      headers: [...JSON_HEADERS, ['authorization', 'Bearer wrong'], ['authorization', `Bearer ${TOKEN}`]],
    }),
    post('header abuse', 'Basic auth with the token', JSON.stringify({ numero: '5511999990000', mensagem: 'x' }), {
      headers: [...JSON_HEADERS, ['authorization', `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`]],
    }),
    post('header abuse', '100 headers', body(), { headers: [...JSON_HEADERS, ...many(100)], may202: true }),
    post('header abuse', '1500 headers', body(), { headers: [...JSON_HEADERS, ...many(1_500)], may202: true }),
    post('header abuse', '5000 headers', body(), { headers: [...JSON_HEADERS, ...many(5_000)] }),
    post('header abuse', 'header name 10 KB', body(), { headers: [...JSON_HEADERS, [`x-${'n'.repeat(10_000)}`, 'v']], may202: true }),
    post('header abuse', 'X-Forwarded-For garbage', body(), { headers: [...JSON_HEADERS, ['x-forwarded-for', `1.2.3.4, , ,${'x'.repeat(4_000)}`]], may202: true }),
    post('header abuse', 'Expect: 100-continue', body(), { headers: [...JSON_HEADERS, ['expect', '100-continue']], may202: true }),
    post('header abuse', 'Expect: something', body(), { headers: [...JSON_HEADERS, ['expect', 'something']] }),
    post('header abuse', 'two different Content-Length', one, { headers: [...JSON_HEADERS, ['content-length', String(one.length)], ['content-length', '5']] }),
    post('header abuse', 'Content-Length longer than the body', three, { headers: [...JSON_HEADERS, ['content-length', String(three.length + 10)]], mayDrop: true, timeoutMs: 2_000 }),
    post('header abuse', 'Content-Length negative', body(), { headers: [...JSON_HEADERS, ['content-length', '-1']], mayDrop: true, timeoutMs: 2_000 }),
    post('header abuse', 'Content-Length huge', body(), { headers: [...JSON_HEADERS, ['content-length', '99999999999999999999']], mayDrop: true, timeoutMs: 2_000 }),
    post('header abuse', 'Host: empty', body(), { headers: [['host', ''], ...JSON_HEADERS], may202: true }),
    post('header abuse', 'Host 8 KB', body(), { headers: [['host', 'h'.repeat(8_000)], ...JSON_HEADERS], may202: true }),
  ];
}

function rawRequests(): HostileCase[] {
  const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
  const hostile: [string, (body: string) => string | Buffer, boolean?][] = [
    ['NUL in a header value', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', `Authorization: Bearer ${TOKEN}\u0000x`, `Content-Length: ${body.length}`]) + body],
    ['CR in a header value', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', 'X-A: a\rb', `Content-Length: ${body.length}`]) + body],
    ['obsolete line folding', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', 'Content-Type: application/json', ' ;charset=utf-8', `Content-Length: ${body.length}`]) + body],
    ['bare LF line ends', (body) => `POST /enviar-sms HTTP/1.1\nHost: x\nContent-Length: ${body.length}\n\n${body}`, true],
    ['Content-Length and Transfer-Encoding', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', `Content-Length: ${body.length}`, 'Transfer-Encoding: chunked']) + `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`],
    ['Transfer-Encoding not chunked', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', 'Transfer-Encoding: gzip']) + body],
    ['Transfer-Encoding chunked twice', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked, chunked']) + `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`],
    ['bad chunk size', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked']) + `zz\r\n${body}\r\n0\r\n\r\n`],
    ['chunk size overflow', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked']) + `ffffffffffffffffffff\r\n${body}\r\n0\r\n\r\n`],
    ['chunk extension 20 KB', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked']) + `${body.length.toString(16)};${'e'.repeat(20_000)}\r\n${body}\r\n0\r\n\r\n`],
    ['no Host', (body) => head(['POST /enviar-sms HTTP/1.1', `Content-Length: ${body.length}`]) + body],
    ['header without colon', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', 'NoColonHere', `Content-Length: ${body.length}`]) + body],
    ['space before colon', (body) => head(['POST /enviar-sms HTTP/1.1', 'Host: x', 'Content-Length : 5']) + body],
    ['HTTP/9.9', (body) => head(['POST /enviar-sms HTTP/9.9', 'Host: x', `Content-Length: ${body.length}`]) + body],
    ['HTTP/0.9 request line', () => 'GET /status\r\n', true],
    ['HTTP/2 preface', () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', true],
    ['garbage request line', () => '\u0001\u0002\u0003 garbage\r\n\r\n', true],
    ['unknown method', (body) => head(['FOO /enviar-sms HTTP/1.1', 'Host: x', `Content-Length: ${body.length}`]) + body],
    ['CONNECT', () => head(['CONNECT 127.0.0.1:6379 HTTP/1.1', 'Host: 127.0.0.1:6379']), true],
    ['absolute URI', (body) => head([`POST http://evil.example/enviar-sms HTTP/1.1`, 'Host: x', 'Content-Type: application/json', `Content-Length: ${body.length}`]) + body],
    ['request line 20 KB', () => head([`GET /${'a'.repeat(20_000)} HTTP/1.1`, 'Host: x'])],
    ['binary noise', () => Buffer.from(Array.from({ length: 2_000 }, (_, i) => (i * 7919) % 256)), true],
  ];
  return hostile.map(([label, build, mayDrop]) => ({
    group: 'raw HTTP',
    label,
    raw: build(JSON.stringify(valid(unique('raw')))),
    // A request line that is not HTTP/1.x may just be closed; the absolute URI and the valid-looking ones may be accepted.
    may202: label === 'absolute URI' || label === 'Content-Length and Transfer-Encoding' || label === 'bare LF line ends' || label === 'obsolete line folding',
    ...(mayDrop ? { mayDrop } : {}),
  }));
}

function invalidJson(): HostileCase[] {
  const validText = JSON.stringify(valid(unique('json')));
  return [
    '{', '}', "{'token':'x'}", 'NaN', '[1,]', `${validText}x`, `${validText}${validText}`, 'null', 'true', '1', '"string"', '[]', `[${validText}]`, '{"a":}',
    `${validText.slice(0, -1)},}`, `/* c */${validText}`, `{"token":"${TOKEN}","numero":5511999990000n,"mensagem":"x"}`, '{"a":"\\x41"}', '{"a":"\\u12"}',
    `{"token":"${TOKEN}","numero":"5511999990000","mensagem":"tab\there"}`, '\u0000', '{"a":1e999999}',
  ].map((text, i) => post('invalid JSON', `#${i} ${text.slice(0, 30)}`, text));
}

function methodsAndPaths(): HostileCase[] {
  const body = () => JSON.stringify(valid(unique('route')));
  const cases: HostileCase[] = [];
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'PURGE', 'SEARCH', 'QUERY']) {
    cases.push(post('methods', `${method} /enviar-sms`, body(), { method }));
  }
  const paths: [string, boolean?][] = [
    ['/enviar-sms/', true], ['/ENVIAR-SMS', true], ['/enviar-sms?x=1&x=2&__proto__[a]=1', true], ['/enviar-sms?' + 'q'.repeat(8_000), true], ['/enviar-sms%00'],
    ['/enviar%2Dsms'], ['//enviar-sms'], ['/./enviar-sms'], ['/enviar-sms/..'], ['/%'], ['/%E0%A4%A'], ['/%ZZ'], ['/admin/queues'], ['/admin/queues/api/queues'],
    ['/admin/queues/../enviar-sms'], ['/status'], ['/status/../enviar-sms'], [`/${'a'.repeat(8_000)}`], [`/${'a'.repeat(20_000)}`], ['*'], ['/enviar-sms;x=1'],
    ['/\u00e9'], ['/..%2f..%2fetc%2fpasswd'], ['/admin/queues/%ZZ'], ['/admin/queues/api/queues/%E0%A4%A/jobs'],
  ];
  for (const [path, may202] of paths) cases.push(post('paths', `POST ${path.slice(0, 40)}`, body(), { path, may202: may202 ?? false }));
  for (const [path] of paths) cases.push({ group: 'paths', label: `GET ${path.slice(0, 40)}`, method: 'GET', path });
  // The dashboard with wrong credentials, and with the right ones on malformed paths (read-only requests).
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/api/queues/%E0%A4%A', '/admin/queues/api/queues/nope/jobs/%ZZ', '/admin/queues/%ZZ', '/admin/queues/api/redis/stats']) {
    cases.push({ group: 'dashboard', label: `GET ${path} (wrong password)`, method: 'GET', path, headers: [['authorization', basic('admin', 'wrong')]] });
    cases.push({ group: 'dashboard', label: `GET ${path} (garbage auth)`, method: 'GET', path, headers: [['authorization', 'Basic %%%%']] });
    cases.push({ group: 'dashboard', label: `GET ${path} (admin)`, method: 'GET', path, headers: [['authorization', basic('admin', TOKEN)]] });
  }
  return cases;
}

/** Random damage to valid bodies and random field values: thousands of cases, seeded. */
function fuzz(count: number): HostileCase[] {
  const random = mulberry32(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const tokens = ['-', '+', '"', '\\', '{', '}', '[', ']', ',', ':', '\\u0000', '\\ud800', '\\n', '1e999', '-h', ' ', '\u00a0', '\u2028', '١', '１', 'é', '😀', 'null'];
  const numberAlphabet = [...'0123456789', '0123456789', '+', '-', ' ', '.', '(', ')', '\t', '\n', '\u0000', '\u00a0', '١', '１', 'e', 'x', '\u200b'];
  const textAlphabet = ['a', 'b', ' ', '-', '\n', '\u0000', '😀', 'e\u0301', '\u0958', '\ufb2c', '\ud800', '\udc00', '€', '^', '\u202e', '\ufeff'];
  const cases: HostileCase[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random();
    if (kind < 0.4) {
      // Byte-level damage to a valid body.
      const original = Buffer.from(JSON.stringify(valid(`fuzz-${i}`)), 'utf8');
      const damaged = [...original];
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) {
        const at = Math.floor(random() * (damaged.length + 1));
        const action = random();
        if (action < 0.3) damaged[at] = Math.floor(random() * 256);
        else if (action < 0.6) damaged.splice(at, 0, ...Buffer.from(pick(tokens)));
        else if (action < 0.8) damaged.splice(at, 1 + Math.floor(random() * 5));
        else damaged.splice(at, 0, ...damaged.slice(at, at + Math.floor(random() * 10)));
      }
      cases.push(post('fuzz', `bytes #${i}`, Buffer.from(damaged), { may202: true }));
    } else if (kind < 0.75) {
      const length = Math.floor(random() * 25);
      const numero = Array.from({ length }, () => pick(numberAlphabet)).join('');
      cases.push(post('fuzz', `numero #${i}`, valid(`fuzz-${i}`, { numero }), { may202: true }));
    } else {
      const length = pick([0, 1, 2, 10, 70, 160, 161, 800, 1_599, 1_600, 1_601, 1_700]);
      const mensagem = Array.from({ length }, () => pick(textAlphabet)).join('');
      cases.push(post('fuzz', `mensagem #${i} (${length} symbols)`, valid(mensagem), { may202: true }));
    }
  }
  return cases;
}

/**
 * Each case from a client address of its own (TEST-NET-2, from its index), unless it brings its
 * own X-Forwarded-For: otherwise the wrong tokens among the cases would get every later case
 * refused with 429 (20 failed authentications a minute per address) before its body is read.
 */
function ownClientAddress(headers: HostileCase['headers'] = [], index: number): HostileCase['headers'] {
  if (headers.some(([name]) => name.toLowerCase() === 'x-forwarded-for')) return headers;
  return [...headers, ['x-forwarded-for', `198.18.${Math.floor(index / 250)}.${(index % 250) + 1}`]];
}

async function send(api: RunningApi, hostile: HostileCase, index: number): Promise<HttpExchange> {
  if (hostile.raw !== undefined) return rawHttpExchange({ port: api.port, bytes: hostile.raw, timeoutMs: hostile.timeoutMs ?? 5_000 });
  return httpRequest({
    port: api.port,
    method: hostile.method ?? 'POST',
    path: hostile.path ?? '/enviar-sms',
    headers: ownClientAddress(hostile.headers, index),
    ...(hostile.body !== undefined ? { body: hostile.body } : {}),
    timeoutMs: hostile.timeoutMs ?? 10_000,
  });
}

describe('hostile input against the API process', () => {
  let gateway: Gateway;
  let api: RunningApi;
  beforeAll(async () => {
    gateway = createGateway('e2e-hostile', SHARED_REDIS_URL);
    // As behind a proxy on loopback: X-Forwarded-For names the client, so the checks after the
    // fuzzing can come from a client that did not just send hundreds of wrong tokens.
    api = await gateway.startApi({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await gateway?.teardown();
  });
  const ALL_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'waiting-children'] as const;

  it('thousands of malformed requests: no 5xx but 503, the process stays up, and nothing invalid is queued', async () => {
    const queue = gateway.queue().queue;
    const jobTotal = async () => Object.values(await queue.getJobCounts()).reduce((sum, n) => sum + n, 0);
    const jobsBefore = await jobTotal();

    const cases = [
      ...wrongTypes(),
      ...deepNesting(),
      ...hugeStrings(),
      ...bigAndEmptyBodies(),
      ...invalidUtf8(),
      ...contentTypes(),
      ...prototypeKeys(),
      ...duplicateKeys(),
      ...hostileNumbers(),
      ...headerAbuse(),
      ...rawRequests(),
      ...invalidJson(),
      ...methodsAndPaths(),
    ];
    cases.push(...fuzz(3_000 - cases.length));
    const results: { hostile: HostileCase; answer: HttpExchange }[] = [];
    const startedAt = Date.now();
    await runConcurrently(cases.length, 20, async (index) => {
      const hostile = cases[index]!;
      results.push({ hostile, answer: await send(api, hostile, index) });
    });
    const tookMs = Date.now() - startedAt;
    const describeResult = ({ hostile, answer }: { hostile: HostileCase; answer: HttpExchange }) =>
      `${hostile.group} / ${hostile.label}: ${answer.status ?? answer.error} ${answer.body.slice(0, 120)}`;

    // The process is still up and still answers, and nothing was polluted: a request lacking
    // numero is still "missing fields", one lacking the token still 403. (They come from a fresh
    // client address: the cases above sent far more than 20 wrong tokens from theirs, which is
    // refused with 429 for the rest of the minute.)
    expect(api.app.child.exitCode).toBeNull();
    expect((await httpRequest({ port: api.port, method: 'GET', path: '/status' })).status).toBe(200);
    const missing = await httpRequest({ port: api.port, path: '/enviar-sms', headers: FRESH_CLIENT_HEADERS, body: JSON.stringify({ token: TOKEN, mensagem: 'x' }) });
    expect([missing.status, JSON.parse(missing.body)]).toEqual([400, { status: 'erro', mensagem: 'Campos obrigatórios ausentes.' }]);
    const noToken = await httpRequest({ port: api.port, path: '/enviar-sms', headers: FRESH_CLIENT_HEADERS, body: JSON.stringify({ numero: '5511999990000', mensagem: 'x' }) });
    expect(noToken.status).toBe(403);

    const serverErrors = results.filter(({ answer }) => answer.status !== undefined && answer.status >= 500 && answer.status !== 503);
    const wronglyAccepted = results.filter(({ hostile, answer }) => answer.status === 202 && !hostile.may202);
    const unanswered = results.filter(({ hostile, answer }) => answer.status === undefined && !hostile.mayDrop);
    const accepted = results.filter(({ answer }) => answer.status === 202).length;

    // Every job in Redis is one the contract allows.
    const jobs = await queue.getJobs([...ALL_STATES], 0, -1);
    const invalidJobs = jobs.filter(({ data }) => {
      const length = typeof data.text === 'string' ? [...data.text].length : -1;
      return typeof data.to !== 'string' || !VALID_TO.test(data.to) || length < 1 || length > MAX_TEXT || !data.text.isWellFormed() || data.text.includes('\u0000');
    });
    const jobsAfter = await jobTotal();
    // Jobs no client was told about (stored, yet answered something other than 202 — or not answered).
    const acceptedIds = new Set(results.flatMap(({ answer }) => (answer.status === 202 ? [/"id":"([^"]+)"/.exec(answer.body)?.[1] ?? '?'] : [])));
    const unannounced = jobs
      .filter((job) => !acceptedIds.has(String(job.id)))
      .map((job) => {
        const sources = results.filter(({ hostile }) => hostile.body !== undefined && Buffer.from(hostile.body).includes(Buffer.from(JSON.stringify(job.data.text).slice(1, -1))));
        return `${JSON.stringify(job.data.text).slice(0, 40)} from ${sources.map(describeResult).join(' | ').slice(0, 300) || '?'}`;
      });

    const byGroup = new Map<string, Map<string, number>>();
    for (const { hostile, answer } of results) {
      const group = byGroup.get(hostile.group) ?? new Map<string, number>();
      const key = String(answer.status ?? answer.error);
      group.set(key, (group.get(key) ?? 0) + 1);
      byGroup.set(hostile.group, group);
    }
    if (process.env.E2E_VERBOSE) for (const result of results.filter(({ hostile }) => hostile.group !== 'fuzz')) console.log(describeResult(result));
    console.log(
      `[hostile input] ${results.length} requests in ${tookMs} ms (seed ${SEED}); 202: ${accepted}; jobs ${jobsBefore} → ${jobsAfter}\n` +
        [...byGroup].map(([group, tally]) => `  ${group}: ${[...tally].map(([key, n]) => `${key}×${n}`).join(' ')}`).join('\n'),
    );

    expect(serverErrors.map(describeResult)).toEqual([]);
    // Every case reached the checks it was written for: none was cut short by the failed-login limit.
    expect(results.filter(({ answer }) => answer.status === 429).map(describeResult)).toEqual([]);
    expect(wronglyAccepted.map(describeResult)).toEqual([]);
    expect(unanswered.map(describeResult)).toEqual([]);
    expect(invalidJobs.map((job) => ({ id: job.id, to: job.data.to, text: job.data.text?.slice(0, 60), length: [...(job.data.text ?? '')].length }))).toEqual([]);
    expect(unannounced).toEqual([]);
    expect(jobsAfter - jobsBefore).toBe(accepted);
  });

  // One connection carrying a valid request and then bytes that are not HTTP (a client bug, or
  // a Content-Length shorter than the body). README: "A refused request stores nothing."
  it('a request that is queued is answered 202, even when the same connection then carries bytes that are not HTTP', async () => {
    const text = unique('pipelined');
    const body = JSON.stringify(valid(text));
    // From a client address of its own: the fuzzing's wrong tokens got 127.0.0.1 refused for a minute.
    const request = `POST /enviar-sms HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 192.0.2.2\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const answer = await rawHttpExchange({ port: api.port, bytes: `${request}\u0000 not HTTP\r\n\r\n` });
    const storedJobs = async () => (await gateway.queue().queue.getJobs([...ALL_STATES], 0, -1)).filter((job) => job.data.text === text);
    // Proving an absence takes time: give a late write two seconds to show up.
    const stored = await waitFor('the message to be stored', async () => {
      const jobs = await storedJobs();
      return jobs.length > 0 && jobs;
    }, { timeoutMs: 2_000 }).catch(() => []);
    console.log(`[hostile input] valid request + garbage on one connection: first answer ${answer.status ?? answer.error}, stored ${stored.length} time(s)\n${answer.body.slice(0, 300)}`);
    expect(api.app.child.exitCode).toBeNull();
    expect(`${stored.length} stored, first answer ${answer.status}`).toMatch(/^(1 stored, first answer 202|0 stored, first answer 4\d\d)$/);
  });
});
