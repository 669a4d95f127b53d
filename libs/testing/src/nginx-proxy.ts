import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * Starts nginx on a free port, balancing round-robin over `upstreamPorts` on 127.0.0.1 and
 * proxying like deploy/nginx/nginx.conf does (HTTP/1.1, same headers, body limits and timeouts).
 * Resolves once a request through it reaches an upstream.
 */
export async function startNginxProxy({ upstreamPorts }: { upstreamPorts: readonly number[] }): Promise<NginxProxy> {
  const port = await freePort();
  const dir = tempDir('nginx');
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir.path, sub));
  const errorLog = join(dir.path, 'error.log');
  const conf = join(dir.path, 'nginx.conf');
  // As root, nginx would run its workers as "nobody", who cannot write to the temp folder.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  writeFileSync(
    conf,
    `${user}
worker_processes 1;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path ${dir.path}/body;
    proxy_temp_path ${dir.path}/proxy;
    fastcgi_temp_path ${dir.path}/fastcgi;
    uwsgi_temp_path ${dir.path}/uwsgi;
    scgi_temp_path ${dir.path}/scgi;
    upstream api {
${upstreamPorts.map((upstream) => `        server 127.0.0.1:${upstream};`).join('\n')}
    }
    server {
        listen 127.0.0.1:${port};
        client_max_body_size 96k;
        client_body_buffer_size 96k;
        location / {
            proxy_pass http://api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host;
            proxy_connect_timeout 3s;
            proxy_read_timeout 60s;
            proxy_send_timeout 60s;
        }
    }
}
`,
  );
  const child = spawn(NGINX_BIN, ['-e', errorLog, '-p', dir.path, '-c', conf, '-g', `daemon off; pid ${dir.path}/nginx.pid; error_log ${errorLog};`], {
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
