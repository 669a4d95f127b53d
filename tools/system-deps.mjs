// Makes sure the Debian packages the gateway needs on this machine are there: installs them
// with apt-get when running as root (as on CI and fresh dev machines), otherwise says in one
// line how to install them and exits.
import { spawnSync } from 'node:child_process';

/** program on PATH → Debian package that provides it */
const PACKAGES = { gammu: 'gammu', 'redis-server': 'redis-server', 'docker-compose': 'docker-compose', chromium: 'chromium', nginx: 'nginx', promtool: 'prometheus' };

const onPath = (bin) => spawnSync('sh', ['-c', `command -v "${bin}"`], { stdio: 'ignore' }).status === 0;

export function ensurePrograms(programs, say = (line) => process.stdout.write(`${line}\n`)) {
  const missing = programs.filter((program) => !onPath(program)).map((program) => PACKAGES[program] ?? program);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    process.stderr.write(`missing ${missing.join(', ')}: install with \`sudo ${command}\` (FreeBSD: pkg install ${missing.join(' ')})\n`);
    process.exit(1);
  }
  say(`installing ${missing.join(', ')} from Debian (apt-get)…`);
  const result = spawnSync('sh', ['-c', `${command.replace('apt-get update', 'apt-get update -qq')} -qq >/dev/null`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    process.stderr.write(`could not install ${missing.join(', ')}: run \`${command}\` by hand\n`);
    process.exit(1);
  }
}

// `node tools/system-deps.mjs gammu redis-server …` (used by `npm test`).
if (import.meta.url === `file://${process.argv[1]}`) ensurePrograms(process.argv.slice(2));
