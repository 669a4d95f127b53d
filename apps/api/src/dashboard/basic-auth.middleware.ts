import type { RequestHandler } from 'express';
import { createTokenCheck } from '../middleware/token-check';

/** HTTP Basic auth with constant-time comparison of user and password. */
export function basicAuth({ user, password }: { user: string; password: string }): RequestHandler {
  const userMatches = createTokenCheck(user);
  const passwordMatches = createTokenCheck(password);
  return (req, res, next) => {
    const [scheme, encoded] = (req.get('authorization') ?? '').split(' ');
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
    res.set('WWW-Authenticate', 'Basic realm="SMS gateway dashboard", charset="UTF-8"').status(401).json({
      status: 'erro',
      mensagem: 'Autenticação necessária.',
    });
  };
}
