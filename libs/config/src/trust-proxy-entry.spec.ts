import { describe, expect, it } from 'vitest';
import { isTrustProxy, isTrustProxyEntry } from './trust-proxy-entry';

describe('isTrustProxyEntry', () => {
  it.each(['loopback', 'linklocal', 'uniquelocal', '10.0.0.1', '172.16.0.0/12', '::1', 'fd00::/8'])('accepts %s', (entry) => {
    expect(isTrustProxyEntry(entry)).toBe(true);
  });
  it.each(['*', 'true', 'nginx', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/x', ''])('refuses %s', (entry) => {
    expect(isTrustProxyEntry(entry)).toBe(false);
  });
});

describe('isTrustProxy', () => {
  it.each(['1', '2', 'loopback', 'loopback, 172.16.0.0/12'])('accepts %s', (value) => {
    expect(isTrustProxy(value)).toBe(true);
  });
  it.each(['1,loopback', '-1', '1.5', '100', 'true'])('refuses %s', (value) => {
    expect(isTrustProxy(value)).toBe(false);
  });
});
