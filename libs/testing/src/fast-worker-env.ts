/**
 * Worker settings that make a whole test file run in seconds: short readiness polls and
 * retry delays, a small failure budget. The send timeout stays generous: a scripted gammu is
 * a Node process whose start-up can take a few hundred ms on a loaded machine.
 */
export const FAST_WORKER_ENV: Readonly<Record<string, string>> = {
  READINESS_POLL_MS: '50',
  READINESS_TTL_MS: '60000',
  RETRY_NETWORK_BASE_MS: '20',
  RETRY_NETWORK_MAX_MS: '80',
  RETRY_OTHER_DELAY_MS: '20',
  RETRY_OTHER_MAX_ATTEMPTS: '3',
  GAMMU_SEND_TIMEOUT_MS: '10000',
  GAMMU_CHECK_TIMEOUT_MS: '10000',
  SHUTDOWN_TIMEOUT_MS: '5000',
  MODEM_RESET_WAIT_MS: '20',
};
