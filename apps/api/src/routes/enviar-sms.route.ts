import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { analyzeText, checkLegacySmsRequest, maskPhoneNumber, SMS_JOB_NAMES } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { QueueUnavailableError, type BatchingEnqueuer } from '@sms-gateway/queues';
import { legacyError } from '../middleware/legacy-errors';
import { createTokenCheck, requestTokens } from '../middleware/token-check';

export interface EnviarSmsDeps {
  readonly token: string;
  readonly enqueuer: BatchingEnqueuer;
  readonly logger: Logger;
}

const isJsonObject = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

/**
 * `POST /enviar-sms`, byte-compatible with the original Flask service: same fields, same
 * Portuguese messages, token checked before fields; 202 only once the job is in Redis.
 */
export const enviarSmsRoute = ({ token, enqueuer, logger }: EnviarSmsDeps): RequestHandler => {
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

    const id = randomUUID();
    const { encoding, segments } = analyzeText(check.text);
    try {
      await enqueuer.enqueue({
        id,
        name: SMS_JOB_NAMES.send,
        data: { to: check.to, text: check.text, encoding, segments, source: 'enviar-sms', acceptedAt: new Date().toISOString() },
      });
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      logger.warn('queue unavailable; request refused', { event: 'rejected', error: error.message });
      res.status(503).json(legacyError('Fila indisponível, tente novamente.'));
      return;
    }
    logger.info('accepted', { event: 'accepted', messageId: id, to: maskPhoneNumber(check.to), segments, encoding });
    res.status(202).json({ status: 'aceito', mensagem: 'SMS recebido e enfileirado para envio.', id });
  };
};
