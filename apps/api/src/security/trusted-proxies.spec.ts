import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, compileTrustProxy } from './trusted-proxies';

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('ignores X-Forwarded-For when no proxy is trusted (the default)', () => {
    expect(clientAddress(request('127.0.0.1', '203.0.113.9'), compileTrustProxy([]))).toBe('127.0.0.1');
    expect(clientAddress(request('172.18.0.5', '203.0.113.9'), compileTrustProxy([]))).toBe('172.18.0.5');
  });

  it('takes the nearest untrusted hop behind trusted proxies', () => {
    const trusted = compileTrustProxy(['172.16.0.0/12']);
    expect(clientAddress(request('172.18.0.5', '203.0.113.9'), trusted)).toBe('203.0.113.9');
    // A client cannot pick its address by sending X-Forwarded-For itself: nginx appends the real peer.
    expect(clientAddress(request('172.18.0.5', '1.2.3.4, 203.0.113.9'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(request('203.0.113.9', '1.2.3.4'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(request('172.18.0.5'), trusted)).toBe('172.18.0.5');
  });

  it('with a number of hops, takes the entry that many proxies back, even when the client is on the LAN', () => {
    const oneProxy = compileTrustProxy(['1']);
    // A LAN client (192.168.1.50) naming itself 1.2.3.4: nginx appends the real peer, which is what counts.
    expect(clientAddress(request('172.18.0.5', '1.2.3.4, 192.168.1.50'), oneProxy)).toBe('192.168.1.50');
    expect(clientAddress(request('172.18.0.5'), oneProxy)).toBe('172.18.0.5');
    expect(clientAddress(request('172.18.0.5', '10.0.0.1, 192.168.1.50'), compileTrustProxy(['2']))).toBe('10.0.0.1');
  });

  it('knows loopback, linklocal and uniquelocal by name, and IPv4-mapped peers', () => {
    const trusted = compileTrustProxy(['loopback', 'uniquelocal']);
    expect(clientAddress(request('::1', '203.0.113.9'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:127.0.0.1', '203.0.113.9'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(request('10.1.1.1', '192.168.1.1, 203.0.113.9'), trusted)).toBe('203.0.113.9');
  });
});
