import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The proxy configuration docker-compose.yml mounts into its nginx container. */
export const COMPOSE_NGINX_CONF = fileURLToPath(new URL('../../../deploy/nginx/nginx.conf', import.meta.url));

export interface LocalNginxConfOptions {
  /** Folder for the pid file, temporary files and the error log. */
  readonly dir: string;
  /** Loopback port that takes the place of the container's published port. */
  readonly port: number;
  /** Loopback port of nginx's own /healthz server. */
  readonly healthPort: number;
  /** Local API replicas standing in for the compose service `api` (balanced round-robin). */
  readonly upstreamPorts: readonly number[];
}

/** Replaces exactly what the compose setup provides, and fails loudly when the file no longer says it. */
function swap(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`deploy/nginx/nginx.conf no longer matches ${pattern}: update compose-nginx-conf.ts`);
  return text.replace(pattern, replacement);
}

/**
 * deploy/nginx/nginx.conf as a local nginx can run it: the compose hosts stubbed (the `api`
 * service becomes an upstream group of local ports), loopback ports instead of the container's,
 * files in `dir`, one worker process. Body limits, headers, locations and timeouts are the
 * file's own, so tests check what compose deploys.
 */
export function localNginxConf({ dir, port, healthPort, upstreamPorts }: LocalNginxConfOptions, text = readFileSync(COMPOSE_NGINX_CONF, 'utf8')): string {
  let conf = text;
  conf = swap(conf, /\/tmp\//g, `${dir}/`);
  conf = swap(conf, /^worker_processes .*;$/m, 'worker_processes 1;');
  conf = swap(conf, /^error_log \/dev\/stderr (\w+);$/m, `error_log ${dir}/error.log $1;`);
  conf = swap(conf, /access_log \/dev\/stdout \w+;/, 'access_log off;');
  conf = swap(conf, /listen 8080;/, `listen 127.0.0.1:${port};`);
  conf = swap(conf, /listen 127\.0\.0\.1:8081;/, `listen 127.0.0.1:${healthPort};`);
  conf = swap(conf, /\bapi:5000\b/g, 'compose_api');
  const upstream = `    upstream compose_api {\n${upstreamPorts.map((p) => `        server 127.0.0.1:${p};`).join('\n')}\n    }\n`;
  conf = swap(conf, /^http \{\n/m, `http {\n${upstream}`);
  // As root, nginx would run its workers as "nobody", who cannot enter the temp folder.
  return process.getuid?.() === 0 ? `user root;\n${conf}` : conf;
}
