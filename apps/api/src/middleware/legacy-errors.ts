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

/** Maps body-parser and unexpected errors to JSON; never leaks a stack trace. */
export const legacyErrorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error: HttpishError & Error, req, res, _next) => {
    const status = error.status ?? error.statusCode ?? 500;
    if (error.type === 'entity.too.large') {
      res.status(413).json(legacyError('Requisição muito grande (máximo 64 KB).'));
    } else if (status >= 400 && status < 500 && (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported')) {
      res.status(415).json(legacyError('Codificação não suportada; use UTF-8.'));
    } else if (status >= 400 && status < 500) {
      res.status(400).json(legacyError('JSON inválido.'));
    } else {
      logger.error('unexpected error', { event: 'http_error', path: req.path, error: error.message });
      res.status(500).json(legacyError('Erro interno.'));
    }
  };
