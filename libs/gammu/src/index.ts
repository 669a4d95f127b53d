export { GammuModem, type GammuModemOptions } from './gammu-modem';
export { monitorArgs, networkInfoArgs, sendSmsArgs, softResetArgs, type GammuTarget } from './gammu-args';
export { readGammuDevice } from './gammu-config-file';
export type { NetworkStatus, SendResult } from './gammu-results';
export { parseNetworkStatus, parseSendResult, parseSignalStrength } from './parse-gammu-output';
export { runProcess, type ProcessResult, type ProcessRunner, type RunOptions } from './run-process';
