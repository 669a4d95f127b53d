import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', 'tmp', '.git', '.nx', '.data', 'coverage']);

/** Every Nx project (a folder with project.json) that has its own tsconfig.json. */
function typedProjects(dir = root): string[] {
  const found: string[] = [];
  if (existsSync(join(dir, 'project.json')) && existsSync(join(dir, 'tsconfig.json')) && dir !== root) found.push(relative(root, dir));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIP.has(entry.name)) found.push(...typedProjects(join(dir, entry.name)));
  }
  return found;
}

describe('the root tsconfig.json', () => {
  it('is a solution-style file that references every project, so that `npx tsc -b` type-checks the whole workspace', () => {
    const config = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as { files?: unknown[]; references?: { path: string }[] };
    expect(config.files).toEqual([]);
    const referenced = (config.references ?? []).map((reference) => reference.path.replace(/^\.\//, '').replace(/\/(tsconfig\.json)?$/, ''));
    // A new project needs one line in tsconfig.json: { "path": "./libs/<name>" }.
    expect([...referenced].sort()).toEqual(typedProjects().sort());
  });
});
