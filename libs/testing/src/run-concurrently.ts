/**
 * Runs `task(0)` … `task(count - 1)` with at most `concurrency` at a time (a client's
 * connection pool), in index order, and resolves once all have settled. A task that throws
 * fails the whole run after the others finish.
 */
export async function runConcurrently(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < count) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  if (errors.length > 0) throw errors[0];
}
