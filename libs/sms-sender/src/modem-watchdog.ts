import type { SendResult } from '@sms-gateway/gammu';

export interface ModemWatchdogOptions {
  /** Consecutive device errors or timeouts that trigger a reset. */
  readonly maxDeviceErrors: number;
  /** Resets the modem (gammu reset SOFT, the optional command, the wait, a fresh network check). */
  readonly reset: (reason: string) => Promise<void>;
}

/**
 * gammu exit codes (100 + Gammu's error number) that a reset cannot fix: the device is locked
 * by another program (103), does not exist (104, unplugged) or is not permitted (106).
 */
const NOT_FIXED_BY_RESET = new Set([103, 104, 106]);

/** True for a result that suggests a hung modem. */
export function suggestsHungModem(result: SendResult): boolean {
  return result.kind === 'timeout' || (result.kind === 'deviceError' && !NOT_FIXED_BY_RESET.has(result.exitCode));
}

/**
 * Modems hang until replugged — the most reported gammu problem. After `maxDeviceErrors`
 * timeouts or device errors in a row (other than an unplugged, locked or forbidden device)
 * the watchdog resets the modem before the next send.
 */
export class ModemWatchdog {
  private consecutive = 0;

  constructor(private readonly options: ModemWatchdogOptions) {}

  /** Feeds one send result; resolves after a reset when one was due. */
  async observe(result: SendResult): Promise<void> {
    if (!suggestsHungModem(result)) {
      this.consecutive = 0;
      return;
    }
    this.consecutive += 1;
    if (this.consecutive < this.options.maxDeviceErrors) return;
    const reason = `${this.consecutive} device errors or timeouts in a row (last: ${result.kind})`;
    this.consecutive = 0;
    await this.options.reset(reason);
  }
}
