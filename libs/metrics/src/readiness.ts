/** The answer of a readiness check. */
export interface Readiness {
  readonly ready: boolean;
  /** Why the process is not ready, e.g. "redis unreachable", "modem not registered". */
  readonly reason?: string;
}

/** The JSON bodies of `/healthz` and `/readyz`, the same for the API and the worker. */
export const HEALTH_BODIES = {
  ok: { status: 'ok' },
  ready: { status: 'ready' },
  notReady: (reason: string) => ({ status: 'not_ready', reason }),
} as const;

/**
 * Runs `check`, turning a rejection or an answer slower than `timeoutMs` into "not ready"
 * (a readiness probe must answer, whatever the check does).
 */
export async function checkReadiness(check: () => Promise<Readiness>, timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: `readiness check took over ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      check().catch((error: unknown) => ({ ready: false, reason: error instanceof Error ? error.message : String(error) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
