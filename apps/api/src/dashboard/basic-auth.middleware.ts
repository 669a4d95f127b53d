import type { RequestHandler } from 'express';
import { createTokenCheck } from '../middleware/token-check';
import type { FailedAuthGate } from '../security/failed-auth-gate';

/**
 * HTTP Basic auth with constant-time comparison of user and password. Wrong credentials count
 * as failed authentication (a browser's first request, without any, does not).
 */
export function basicAuth({ user, password, failedAuth }: { user: string; password: string; failedAuth: FailedAuthGate }): RequestHandler {
  const userMatches = createTokenCheck(user);
  const passwordMatches = createTokenCheck(password);
  return (req, res, next) => {
    const wait = failedAuth.retryAfter(req);
    if (wait > 0) {
      res.set('Retry-After', String(wait)).status(429).json({ status: 'erro', mensagem: 'Muitas tentativas com senha inválida; tente novamente mais tarde.' });
      return;
    }
    const header = req.get('authorization');
    const [scheme, encoded] = (header ?? '').split(' ');
    if (scheme?.toLowerCase() === 'basic' && encoded) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      // Evaluate both checks every time, so a wrong user costs the same as a wrong password.
      const userOk = userMatches(decoded.slice(0, separator));
      const passwordOk = passwordMatches(decoded.slice(separator + 1));
      if (separator >= 0 && userOk && passwordOk) {
        next();
        return;
      }
    }
    if (header) failedAuth.failed(req);
    res.set('WWW-Authenticate', 'Basic realm="SMS gateway dashboard", charset="UTF-8"').status(401).json({
      status: 'erro',
      mensagem: 'Autenticação necessária.',
    });
  };
}
