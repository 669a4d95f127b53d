#!/usr/bin/env node
// `npm start`: the whole gateway on one machine for trying it out — Redis (the one at
// REDIS_URL if it answers, else a local redis-server with AOF under .data/), the API and
// one worker (the modem at GAMMU_CONFIG, else gammu's dummy driver under .data/).
// Ctrl+C stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { ensurePrograms } from './system-deps.mjs';

const root = resolve(import.meta.dirname, '..');
const data = join(root, '.data');
const env = { ...process.env };
const children = [];

const say = (line) => process.stdout.write(`[start] ${line}\n`);
const fail = (line) => {
  process.stderr.write(`[start] ${line}\n`);
  process.exit(1);
};
const onPath = (bin) => spawnSync('sh', ['-c', `command -v "${bin}"`], { stdio: 'ignore' }).status === 0;

/** True when something at `url` answers PING like Redis. */
function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => finish(/^\+PONG|^-NOAUTH/.test(reply.toString())));
  });
}

async function ensureRedis() {
  env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  if (await redisAnswers(env.REDIS_URL)) return say(`using Redis at ${env.REDIS_URL}`);
  ensurePrograms(['redis-server'], say);
  const port = 6390;
  const dir = join(data, 'redis');
  mkdirSync(dir, { recursive: true });
  env.REDIS_URL = `redis://127.0.0.1:${port}`;
  say(`starting redis-server on port ${port} with its data (AOF) in .data/redis`);
  start('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '']);
  for (let i = 0; i < 50 && !(await redisAnswers(env.REDIS_URL)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await redisAnswers(env.REDIS_URL))) fail('redis-server did not start; see its output above.');
}

function ensureGammu() {
  if (!env.GAMMU_BIN) ensurePrograms(['gammu'], say);
  else if (!onPath(env.GAMMU_BIN)) fail(`GAMMU_BIN=${env.GAMMU_BIN} cannot be found.`);
  if (env.GAMMU_CONFIG) return say(`worker uses the modem in ${env.GAMMU_CONFIG}`);
  const dir = join(data, 'gammu');
  mkdirSync(join(dir, 'dummy-phone'), { recursive: true });
  env.GAMMU_CONFIG = join(dir, 'gammurc');
  writeFileSync(env.GAMMU_CONFIG, `[gammu]\ndevice = ${join(dir, 'dummy-phone')}\nconnection = none\nmodel = dummy\n`);
  env.MODEM_ID ??= 'dummy-modem';
  say('no GAMMU_CONFIG: the worker uses gammu\'s dummy driver (.data/gammu); nothing leaves this machine');
}

function ensureToken() {
  if (env.SMS_API_TOKEN) return;
  const file = join(data, 'api-token');
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  env.SMS_API_TOKEN = readFileSync(file, 'utf8').trim();
  say('no SMS_API_TOKEN: using a generated one kept in .data/api-token');
}

/** The dashboard needs a password of its own (never the API token): one is generated and kept in .data/. */
function ensureDashboardPassword() {
  if (env.DASHBOARD_PASSWORD) return false;
  const file = join(data, 'dashboard-password');
  if (!existsSync(file)) writeFileSync(file, randomBytes(12).toString('base64url'), { mode: 0o600 });
  env.DASHBOARD_PASSWORD = readFileSync(file, 'utf8').trim();
  say('no DASHBOARD_PASSWORD: using a generated one kept in .data/dashboard-password');
  return true;
}

function start(name, command, args) {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} exited (${signal ?? code}); stopping everything`);
      stopAll(1);
    }
  });
  children.push({ name, child });
  return child;
}

let stopping = false;
function stopAll(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  // Apps first (they finish what they hold), Redis last.
  const apps = children.filter(({ name }) => name !== 'redis');
  const redis = children.filter(({ name }) => name === 'redis');
  const stopEach = (list) =>
    Promise.all(
      list.map(({ child }) =>
        child.exitCode !== null || child.signalCode !== null
          ? undefined
          : new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
      ),
    );
  stopEach(apps)
    .then(() => stopEach(redis))
    .then(() => process.exit(exitCode));
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

mkdirSync(data, { recursive: true });
env.LOG_FORMAT ??= 'pretty';
env.PORT ??= '5000';
ensureGammu();
ensureToken();
const generatedPassword = ensureDashboardPassword();
say('building…');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], { cwd: root, env, stdio: 'ignore' });
if (build.status !== 0) fail('the build failed: run `npx nx run-many -t build` to see why.');
await ensureRedis();
start('worker', process.execPath, ['dist/apps/worker/main.js']);
start('api', process.execPath, ['dist/apps/api/main.js']);

const base = `http://localhost:${env.PORT}`;
say(`dashboard: ${base}/admin/queues  (user ${env.DASHBOARD_USER ?? 'admin'}, password ${generatedPassword ? env.DASHBOARD_PASSWORD : 'DASHBOARD_PASSWORD'})`);
say('send a test SMS:');
process.stdout.write(
  `\n  curl -X POST ${base}/enviar-sms -H "Content-Type: application/json" \\\n` +
    `    -d '{"token": "${env.SMS_API_TOKEN}", "numero": "123456789", "mensagem": "Olá do gateway!"}'\n\n`,
);
say('Ctrl+C stops everything.');
