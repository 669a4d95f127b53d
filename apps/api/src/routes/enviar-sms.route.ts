import type { RequestHandler } from 'express';
import { checkLegacySmsRequest, maskPhoneNumber } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { QueueUnavailableError, type BatchingEnqueuer } from '@sms-gateway/queues';
import type { IdempotencyStore, StoredAnswer } from '../messages/idempotency-store';
import { newSmsJob } from '../messages/new-sms-job';
import { legacyError } from '../middleware/legacy-errors';
import { createTokenCheck, requestTokens } from '../middleware/token-check';

export interface EnviarSmsDeps {
  readonly token: string;
  readonly enqueuer: BatchingEnqueuer;
  readonly idempotency: IdempotencyStore;
  readonly logger: Logger;
}

const isJsonObject = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

/**
 * `POST /enviar-sms`, byte-compatible with the original Flask service: same fields, same
 * Portuguese messages, token checked before fields; 202 only once the job is in Redis.
 */
export const enviarSmsRoute = ({ token, enqueuer, idempotency, logger }: EnviarSmsDeps): RequestHandler => {
  const tokenMatches = createTokenCheck(token);
  return async (req, res) => {
    const body: unknown = req.body;
    if (!isJsonObject(body)) {
      res.status(400).json(legacyError('JSON inválido.'));
      return;
    }
    if (!requestTokens(req, body).some(tokenMatches)) {
      res.status(403).json(legacyError('Token inválido.'));
      return;
    }
    const check = checkLegacySmsRequest(body);
    if (check.kind === 'missing-fields') {
      res.status(400).json(legacyError('Campos obrigatórios ausentes.'));
      return;
    }
    if (check.kind === 'invalid') {
      const fields = check.problems.map((problem) => problem.campo).join(' e ');
      res.status(400).json(legacyError(`Valor inválido em ${fields}.`, { detalhes: check.problems }));
      return;
    }

    const accept = async (): Promise<StoredAnswer> => {
      const job = newSmsJob({ to: check.to, text: check.text, source: 'enviar-sms' });
      try {
        await enqueuer.enqueue(job);
      } catch (error) {
        if (!(error instanceof QueueUnavailableError)) throw error;
        logger.warn('queue unavailable; request refused', { event: 'rejected', error: error.message });
        return { status: 503, body: legacyError('Fila indisponível, tente novamente.') };
      }
      const { id, data } = job;
      logger.info('accepted', { event: 'accepted', messageId: id, to: maskPhoneNumber(data.to), segments: data.segments, encoding: data.encoding });
      return { status: 202, body: { status: 'aceito', mensagem: 'SMS recebido e enfileirado para envio.', id } };
    };

    // A client that sends an Idempotency-Key gets its first answer again for a repeat.
    const key = req.get('idempotency-key');
    if (!key) {
      const answer = await accept();
      res.status(answer.status).json(answer.body);
      return;
    }
    let outcome;
    try {
      outcome = await idempotency.run(`legacy:${key}`, JSON.stringify([check.to, check.text]), accept);
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      res.status(503).json(legacyError('Fila indisponível, tente novamente.'));
      return;
    }
    if (outcome.kind === 'conflict' || outcome.kind === 'in-progress') {
      res.status(409).json(legacyError('Idempotency-Key já usada com outra mensagem (ou ainda em processamento).'));
      return;
    }
    res.status(outcome.answer.status).json(outcome.answer.body);
  };
};
