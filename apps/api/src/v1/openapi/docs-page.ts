/** A self-contained HTML page for people, rendered from the OpenAPI document (no CDN needed). */
export function renderDocsPage(document: OpenApiLike): string {
  const sections = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const responses = Object.entries(operation.responses ?? {})
        .map(([status, response]) => `<li><code>${status}</code> ${escape(response.description ?? '')}</li>`)
        .join('');
      return `<section><h2><span class="m">${method.toUpperCase()}</span> <code>${escape(path)}</code></h2>
<p>${escape(operation.summary ?? '')}</p>${operation.description ? `<p>${escape(operation.description)}</p>` : ''}
<ul>${responses}</ul></section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(document.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:58rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{background:#245;color:#fff;border-radius:3px;padding:0 .4rem;font-size:.85em}
code{background:#f3f3f3;padding:0 .2rem}pre{background:#f3f3f3;padding:.8rem;overflow:auto}</style></head><body>
<h1>${escape(document.info.title)}</h1><p>${escape(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1).</p>
<pre>curl -X POST http://HOST:5000/v1/messages \\
  -H "Authorization: Bearer $SMS_API_TOKEN" -H "Content-Type: application/json" \\
  -H "Idempotency-Key: order-1234" \\
  -d '{"to": "+5511999991234", "text": "Your code is 4321", "reference": "order-1234"}'</pre>
${sections.join('\n')}
</body></html>`;
}

interface OpenApiLike {
  info: { title: string; description?: string };
  paths: Record<string, Record<string, { summary?: string; description?: string; responses?: Record<string, { description?: string }> }>>;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
