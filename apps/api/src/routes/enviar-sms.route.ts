import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkLegacySmsRequest, maskPhoneNumber } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { QueueUnavailableError, type IdempotencyStore, type JobEnqueuer, type StoredAnswer } from '@sms-gateway/queues';
import { sendJson } from '../http/send-json';
import { newSmsJob } from '../messages/new-sms-job';
import { optedOutRecipients } from '../messages/opted-out-recipients';
import type { TwoWayStores } from '../messages/two-way-stores';
import { readJsonBody } from '../middleware/json-body';
import { INTERNAL_ERROR_ANSWER, legacyError, legacyRequestErrorAnswer, type LegacyAnswer } from '../middleware/legacy-errors';
import { createTokenCheck, requestTokens } from '../middleware/token-check';
import { hasAllowedPrefix } from '../messages/message-limits';
import type { QueueCapacity } from '../messages/queue-capacity';
import type { FailedAuthGate } from '../security/failed-auth-gate';

export interface EnviarSmsDeps {
  readonly token: string;
  readonly enqueuer: JobEnqueuer;
  readonly idempotency: IdempotencyStore;
  readonly logger: Logger;
  /** The opt-out list: a number on it is refused (400 "Número descadastrado"). */
  readonly twoWay: TwoWayStores;
  /** Refuses (429) a client after repeated wrong tokens, and counts this route's. */
  readonly failedAuth: FailedAuthGate;
  /** MAX_QUEUED_MESSAGES: while too many messages are unsent, answers 503 as when the queue is away. */
  readonly capacity: QueueCapacity;
  /** ALLOWED_NUMBER_PREFIXES: numbers must start with one of these; empty: any. */
  readonly allowedNumberPrefixes: readonly string[];
}

/** A handler on the bare `node:http` request: Express can mount it, and so can the server itself. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

const isJsonObject = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

const QUEUE_UNAVAILABLE: LegacyAnswer = { status: 503, body: legacyError('Fila indisponível, tente novamente.') };
const OPTED_OUT: LegacyAnswer = { status: 400, body: legacyError('Número descadastrado: não recebe mais SMS.') };
const TOO_MANY_FAILURES: LegacyAnswer = { status: 429, body: legacyError('Muitas tentativas com token inválido; tente novamente mais tarde.') };

/** An answer, and whether it is the replay of an earlier request's (header `Idempotent-Replayed: true`). */
type Reply = StoredAnswer & { readonly replayed?: boolean };

/**
 * `POST /enviar-sms`, byte-compatible with the original Flask service: same fields, same
 * Portuguese messages, token checked before fields; 202 only once the job is in Redis.
 * It reads its own body and writes its own answer, so that the server can serve the
 * busiest endpoint without going through Express (see front-door.ts).
 */
export const enviarSmsRoute = ({ token, enqueuer, idempotency, twoWay, logger, failedAuth, capacity, allowedNumberPrefixes }: EnviarSmsDeps): NodeHandler => {
  const tokenMatches = createTokenCheck(token);

  /** Everything after the fields' own checks; an Idempotency-Key repeat of a 202 skips it all. */
  const accept = async (to: string, text: string): Promise<StoredAnswer> => {
    if (!hasAllowedPrefix(to, allowedNumberPrefixes)) {
      const detalhes = [{ campo: 'numero', mensagem: `deve começar com ${allowedNumberPrefixes.join(' ou ')} (ALLOWED_NUMBER_PREFIXES)` }];
      return { status: 400, body: legacyError('Valor inválido em numero.', { detalhes }) };
    }
    const job = newSmsJob({ to, text, source: 'enviar-sms' });
    const optedOut = await optedOutRecipients(twoWay, [job], logger, '/enviar-sms');
    if (!optedOut) return QUEUE_UNAVAILABLE;
    if (optedOut[0]) return OPTED_OUT;
    if (capacity.wouldOverflow(1)) {
      logger.warn('queue full; request refused', { event: 'rejected', reason: 'queue_full', messages: 1 });
      return QUEUE_UNAVAILABLE;
    }
    try {
      await enqueuer.enqueue(job);
      capacity.added(1);
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      logger.warn('queue unavailable; request refused', { event: 'rejected', error: error.message });
      return QUEUE_UNAVAILABLE;
    }
    const { id, data } = job;
    logger.info('accepted', { event: 'accepted', messageId: id, to: maskPhoneNumber(data.to), segments: data.segments, encoding: data.encoding });
    return { status: 202, body: { status: 'aceito', mensagem: 'SMS recebido e enfileirado para envio.', id } };
  };

  const answer = async (req: IncomingMessage, body: unknown): Promise<Reply> => {
    if (!isJsonObject(body)) return { status: 400, body: legacyError('JSON inválido.') };
    if (!requestTokens(req, body).some(tokenMatches)) {
      failedAuth.failed(req);
      return { status: 403, body: legacyError('Token inválido.') };
    }
    const check = checkLegacySmsRequest(body);
    if (check.kind === 'missing-fields') return { status: 400, body: legacyError('Campos obrigatórios ausentes.') };
    if (check.kind === 'invalid') {
      const fields = check.problems.map((problem) => problem.campo).join(' e ');
      return { status: 400, body: legacyError(`Valor inválido em ${fields}.`, { detalhes: check.problems }) };
    }

    // A client that sends an Idempotency-Key gets its first answer again for a repeat.
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return accept(check.to, check.text);
    let outcome;
    try {
      outcome = await idempotency.run(`legacy:${key}`, [check.to, check.text], () => accept(check.to, check.text));
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      return QUEUE_UNAVAILABLE;
    }
    if (outcome.kind === 'conflict' || outcome.kind === 'in-progress') {
      return { status: 409, body: legacyError('Idempotency-Key já usada com outra mensagem (ou ainda em processamento).') };
    }
    return outcome.kind === 'replayed' ? { ...outcome.answer, replayed: true } : outcome.answer;
  };

  const fail = (res: ServerResponse, error: unknown) => {
    logger.error('unexpected error', { event: 'http_error', path: '/enviar-sms', error: error instanceof Error ? error.message : String(error) });
    if (res.headersSent) res.destroy();
    else sendJson(res, INTERNAL_ERROR_ANSWER.status, INTERNAL_ERROR_ANSWER.body);
  };

  return (req, res) => {
    const wait = failedAuth.retryAfter(req);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return sendJson(res, TOO_MANY_FAILURES.status, TOO_MANY_FAILURES.body);
    }
    readJsonBody(req, {}, (error, body) => {
      if (error) {
        const refusal = legacyRequestErrorAnswer(error) ?? INTERNAL_ERROR_ANSWER;
        return sendJson(res, refusal.status, refusal.body);
      }
      answer(req, body)
        .then((result) => {
          if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
          sendJson(res, result.status, result.body);
        })
        .catch((cause: unknown) => fail(res, cause));
    });
  };
};
