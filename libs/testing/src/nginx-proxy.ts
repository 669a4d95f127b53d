import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localNginxConf } from './compose-nginx-conf';
import { freePort } from './free-port';
import { httpRequest } from './http-request';
import { tempDir } from './temp-dir';
import { waitFor } from './wait-for';

/** Debian's nginx (`apt-get install nginx`). */
export const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/** An nginx in front of API replicas, run in the foreground with everything in a temp folder. */
export interface NginxProxy {
  readonly port: number;
  readonly url: string;
  /** nginx's error log so far (upstream failures show up here). */
  errorLog(): string;
  /** Stops nginx (SIGQUIT, then SIGKILL if it lingers) and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts nginx on a free port with deploy/nginx/nginx.conf, the compose hosts stubbed: the
 * `api` service becomes a round-robin group of `upstreamPorts` on 127.0.0.1 (see
 * localNginxConf). Resolves once a request through it reaches an upstream.
 */
export async function startNginxProxy({ upstreamPorts }: { upstreamPorts: readonly number[] }): Promise<NginxProxy> {
  const port = await freePort();
  const healthPort = await freePort();
  const dir = tempDir('nginx');
  const errorLog = join(dir.path, 'error.log');
  const conf = join(dir.path, 'nginx.conf');
  writeFileSync(conf, localNginxConf({ dir: dir.path, port, healthPort, upstreamPorts }));
  const child = spawn(NGINX_BIN, ['-e', errorLog, '-p', dir.path, '-c', conf, '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const readErrorLog = () => (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '');

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT'); // graceful: workers finish their requests
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    dir.remove();
  };
  try {
    await waitFor(`nginx on port ${port} to proxy to the API\n--- nginx output ---\n${output}`, async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${output}${readErrorLog()}`);
      const answer = await httpRequest({ port, method: 'GET', path: '/status', timeoutMs: 2_000 });
      return answer.status === 200;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, url: `http://127.0.0.1:${port}`, errorLog: readErrorLog, stop };
}
