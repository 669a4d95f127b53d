export { GammuModem, type GammuModemOptions } from './gammu-modem';
export { networkInfoArgs, sendSmsArgs, type GammuTarget } from './gammu-args';
export type { NetworkStatus, SendResult } from './gammu-results';
export { parseNetworkStatus, parseSendResult } from './parse-gammu-output';
export { runProcess, type ProcessResult, type ProcessRunner, type RunOptions } from './run-process';
