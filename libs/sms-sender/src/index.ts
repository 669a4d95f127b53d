export { pauseWhileUnregistered, type PausableWorker } from './pause-while-unregistered';
export { ReadinessGate, type ReadinessGateOptions } from './readiness-gate';
export { createSendSmsProcessor, type SendSmsProcessorDeps, type SentMessage } from './send-sms.processor';
