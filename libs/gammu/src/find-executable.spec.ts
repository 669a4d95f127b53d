import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findExecutable, findStdbuf } from './find-executable';

describe('findExecutable / findStdbuf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'find-executable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, mode: number) => {
    const path = join(dir, name);
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, mode);
    return path;
  };

  it('finds a program on the search path, skipping files that are not executable', () => {
    file('tool', 0o644);
    expect(findExecutable('tool', `${dir}:/usr/bin`)).toBeUndefined();
    const tool = file('tool2', 0o755);
    expect(findExecutable('tool2', `/nonexistent:${dir}`)).toBe(tool);
  });

  it('takes a path with a slash as it is, when executable', () => {
    expect(findExecutable(file('here', 0o755), '')).toBe(join(dir, 'here'));
    expect(findExecutable(join(dir, 'missing'), '/usr/bin')).toBeUndefined();
  });

  it('finds stdbuf on the search path first, then where Debian and FreeBSD keep it', () => {
    const own = file('stdbuf', 0o755);
    expect(findStdbuf(dir)).toBe(own);
    expect(findStdbuf(undefined)).toBe('/usr/bin/stdbuf');
    expect(findStdbuf('/nonexistent')).toBe('/usr/bin/stdbuf');
  });
});
