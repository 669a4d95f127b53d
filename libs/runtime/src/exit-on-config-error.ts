import { ConfigError } from '@sms-gateway/config';

/**
 * Loads configuration, or prints one clear line and exits 1.
 * Written straight to stderr: the logger cannot exist before its own configuration does.
 */
export function loadConfigOrExit<T>(service: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(1);
  }
}
