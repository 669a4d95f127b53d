/** Process groups of gammu runs still going (each run is spawned detached: its pid is its group id). */
const groups = new Set<number>();
let hooked = false;

/** SIGKILL to every run still going: called as this process exits. */
function killLiveGroups(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Remembers a detached gammu run until it exits. A run is detached (its own process group) so that
 * a timeout kills all of it, but then nothing ends it when this process exits: a stop that overruns
 * SHUTDOWN_TIMEOUT_MS, with gammu hung on the modem, would leave it holding the device for the next
 * worker. On exit, every run still going is killed. Returns the call that forgets the run.
 */
export function trackProcessGroup(pid: number | undefined): () => void {
  if (pid === undefined) return () => undefined;
  if (!hooked) {
    hooked = true;
    process.on('exit', killLiveGroups);
  }
  groups.add(pid);
  return () => groups.delete(pid);
}
