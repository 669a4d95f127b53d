import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

/** The node flags before `dist/apps/api/main.js` in a command line, e.g. `--max-semi-space-size=64`. */
function flagsBeforeApiMain(commandLine: string): string[] {
  const words = commandLine.split(/[\s",[\]']+/).filter(Boolean);
  const main = words.findIndex((word) => word.endsWith('dist/apps/api/main.js'));
  if (main === -1) throw new Error(`no dist/apps/api/main.js in: ${commandLine}`);
  return words.slice(0, main).filter((word) => word.startsWith('--'));
}

function lineWith(file: string, pattern: RegExp): string {
  const line = read(file)
    .split('\n')
    .find((candidate) => pattern.test(candidate));
  if (!line) throw new Error(`${file}: no line matches ${pattern}`);
  return line;
}

// README, "Deploy": the API's young generation is sized for bursts. An image or unit that started
// it without the flag would pause for GC more often under load than `npm run start:api` does.
describe('every way of starting the API passes the same node flags', () => {
  const startApi = JSON.parse(read('package.json')).scripts['start:api'] as string;
  const expected = flagsBeforeApiMain(startApi);

  it('npm run start:api sizes the young generation for bursts', () => {
    expect(expected).toContain('--max-semi-space-size=64');
  });

  it.each([
    ['Dockerfile (api stage)', 'Dockerfile', /^CMD \[.*dist\/apps\/api\/main\.js/],
    ['systemd unit', 'deploy/systemd/sms-gateway-api.service', /^ExecStart=/],
    ['FreeBSD rc.d script', 'deploy/freebsd/sms_gateway_api', /^command_args=/],
    ['npm start (tools/start-local.mjs)', 'tools/start-local.mjs', /start\('api'/],
  ])('%s', (_name, file, pattern) => {
    expect(flagsBeforeApiMain(lineWith(file, pattern))).toEqual(expected);
  });
});
