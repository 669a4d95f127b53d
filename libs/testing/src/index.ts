export { startApp, stopAllApps, type AppProcess, type LogLine } from './app-process';
export { CHROMIUM, launchChromium } from './chromium';
export { writeDummyGammurc } from './dummy-gammurc';
export { plantCorruptEntry, plantReceivedSms, plantStatusReport } from './dummy-modem-messages';
export {
  createFakeGammu,
  type FakeGammu,
  type FakeGammuScenario,
  type DeleteStep,
  type FakeStoredMessage,
  type ListStep,
  type NetworkStep,
  type SendStep,
} from './fake-gammu';
export { type GammuCall, type RecordedGammu } from './gammu-call-log';
export { createGammuRecorder } from './gammu-recorder';
export { FAST_WORKER_ENV } from './fast-worker-env';
export { freePort } from './free-port';
export { httpRequest, rawHttpExchange, type HttpExchange, type HttpRequestOptions } from './http-request';
export { NGINX_BIN, startNginxProxy, type NginxProxy } from './nginx-proxy';
export { COMPOSE_NGINX_CONF, localNginxConf, type LocalNginxConfOptions } from './compose-nginx-conf';
export { deletePrefixKeys } from './prefix-keys';
export { parsePrometheusText, sampleValue, type MetricFamily, type PrometheusSample } from './prometheus-text';
export { PrometheusTextError } from './prometheus-text.error';
export { runConcurrently } from './run-concurrently';
export { createSmsQueueClient, type SmsQueueClient } from './sms-queue-client';
export { SHARED_REDIS_URL, startRedisServer, type TestRedis } from './redis-server';
export { startRedisSentinelSet, type SentinelSetOptions, type TestRedisSentinelSet } from './redis-sentinel-set';
export { startTcpProxy, type TcpProxy } from './tcp-proxy';
export { tempDir } from './temp-dir';
export { uniquePrefix } from './unique-prefix';
export { waitFor } from './wait-for';
export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';
