import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@sms-gateway/logger';

/** The legacy API's error body: `{"status": "erro", "mensagem": "..."}`. */
export const legacyError = (mensagem: string, extra: Record<string, unknown> = {}) => ({
  status: 'erro',
  mensagem,
  ...extra,
});

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json(legacyError('Rota não encontrada.'));
};

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
}

export interface LegacyAnswer {
  readonly status: number;
  readonly body: ReturnType<typeof legacyError>;
}

/** The legacy answer to a body problem (413, 415, 400), or undefined for an unexpected error (500). */
export function legacyRequestErrorAnswer(error: HttpishError): LegacyAnswer | undefined {
  const status = error.status ?? error.statusCode ?? 500;
  if (error.type === 'entity.too.large') return { status: 413, body: legacyError('Requisição muito grande (máximo 64 KB).') };
  if (status < 400 || status >= 500) return undefined;
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return { status: 415, body: legacyError('Codificação não suportada; use UTF-8.') };
  }
  return { status: 400, body: legacyError('JSON inválido.') };
}

export const INTERNAL_ERROR_ANSWER: LegacyAnswer = { status: 500, body: legacyError('Erro interno.') };

/** Maps body-parser and unexpected errors to JSON; never leaks a stack trace. */
export const legacyErrorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error: HttpishError & Error, req, res, _next) => {
    let answer = legacyRequestErrorAnswer(error);
    if (!answer) {
      logger.error('unexpected error', { event: 'http_error', path: req.path, error: error.message });
      answer = INTERNAL_ERROR_ANSWER;
    }
    res.status(answer.status).json(answer.body);
  };
