export { GammuModem, type GammuCommandName, type GammuModemOptions, type GammuSessionMode } from './gammu-modem';
export { toBatchLine, type BatchLine, type BatchLineUnfit } from './batch-line';
export {
  deleteSmsCommand,
  getAllSmsCommand,
  monitorArgs,
  networkInfoArgs,
  sendSmsArgs,
  sendSmsCommand,
  softResetArgs,
  type GammuTarget,
  type SendSmsOptions,
} from './gammu-args';
export { readGammuDevice } from './gammu-config-file';
export type { NetworkStatus, SendResult } from './gammu-results';
export { parseNetworkStatus, parseSendResult, parseSignalStrength } from './parse-gammu-output';
export { runProcess, type ProcessResult, type ProcessRunner, type RunOptions } from './run-process';
export { parseDeleteResult, parseGammuDate, parseStoredMessages } from './parse-stored-messages';
export type { ConcatenationInfo, DeleteResult, DeliveryReportStatus, StoredMessage, StoredMessagesListing } from './stored-message';
