import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where `file` would be run from: itself when it holds a `/`, else the first match on `searchPath`. */
export function findExecutable(file: string, searchPath: string | undefined): string | undefined {
  if (file.includes('/')) return isExecutable(file) ? file : undefined;
  for (const dir of (searchPath ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, file);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * coreutils' `stdbuf` (Debian: /usr/bin; FreeBSD's base system has its own in /usr/bin; Homebrew
 * installs GNU's as `gstdbuf`), looked up on the search path first, then where those systems keep it.
 */
export function findStdbuf(searchPath: string | undefined): string | undefined {
  const fallback = ['/usr/bin', '/bin', '/usr/local/bin', '/opt/homebrew/bin'].join(delimiter);
  const path = [searchPath, fallback].filter(Boolean).join(delimiter);
  return findExecutable('stdbuf', path) ?? findExecutable('gstdbuf', path);
}
