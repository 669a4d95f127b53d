export { DeviceLock, type LockHolder } from './device-lock';
export { ModemStatus } from './modem-status';
export { ModemWatchdog, suggestsHungModem, type ModemWatchdogOptions } from './modem-watchdog';
export { pauseWhileUnregistered, type PausableWorker } from './pause-while-unregistered';
export { ReadinessGate, type ReadinessGateOptions } from './readiness-gate';
export { createSendHooks, type SendHooks } from './send-hooks';
export { SendPacer, type SendPacerOptions } from './send-pacer';
export { createSendSmsProcessor, type SendSmsProcessorDeps, type SentMessage } from './send-sms.processor';
