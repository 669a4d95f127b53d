export { loadConfigOrExit } from './exit-on-config-error';
export { installGracefulShutdown, type GracefulShutdownOptions } from './graceful-shutdown';
