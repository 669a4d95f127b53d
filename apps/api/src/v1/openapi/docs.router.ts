import { Router } from 'express';
import swaggerUiPath from 'swagger-ui-dist/absolute-path.js';

/**
 * The files of Swagger UI (swagger-ui-dist) that /docs uses, served by the API itself from
 * node_modules: gateways often run on a LAN without internet, so nothing may come from a CDN.
 */
const ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png'] as const;

/** Where swagger-ui-dist is installed (the build keeps npm packages external: found at run time). */
const SWAGGER_UI_DIR = swaggerUiPath();

/**
 * Only this origin: the page loads its own scripts and the document, and "Try it out" calls this
 * API. Swagger UI styles its elements inline and draws icons as data: images.
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SMS gateway API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="/docs/assets/favicon-16x16.png" sizes="16x16">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

/**
 * Starts Swagger UI on the API's own OpenAPI document. A separate script rather than an inline
 * one, so that the page's CSP needs no 'unsafe-inline' for scripts. validatorUrl: null, or
 * Swagger UI would fetch a badge from validator.swagger.io. The token given under "Authorize"
 * stays in the page's memory (persistAuthorization is off).
 */
const INIT = `window.ui = SwaggerUIBundle({
  url: '/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: false,
  displayRequestDuration: true,
  defaultModelsExpandDepth: 0,
  docExpansion: 'list',
});
`;

/** `GET /docs`: the OpenAPI document rendered by Swagger UI, with "Try it out" against this API. */
export function docsRouter(): Router {
  const router = Router();
  router.get('/docs', (_req, res) => {
    res.set({ 'content-security-policy': PAGE_CSP, 'cache-control': 'no-cache' });
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.set('cache-control', 'no-cache');
    res.type('js').send(INIT);
  });
  for (const file of ASSETS) {
    router.get(`/docs/assets/${file}`, (_req, res, next) => {
      // The files change only with the package version: a day in the browser's cache is safe.
      res.sendFile(file, { root: SWAGGER_UI_DIR, maxAge: '1d', dotfiles: 'deny' }, (error) => error && next(error));
    });
  }
  return router;
}
