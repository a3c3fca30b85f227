/**
 * The benchmark's loss check (only when a tab says hello with `bench`): the synthetic agent
 * writes a running number into process.pid, so a skipped number is a lost event and a
 * restart at 1 is a new upstream stream. Observes every event the buffer receives.
 */
export class SequenceCheck {
  private last = 0;
  missing = 0;
  resets = 0;
  /** rate_limit_info events seen (they are in Received; they are notices, not events). */
  dropNotices = 0;

  observe(pid: number | undefined, rateLimitInfo: boolean): void {
    if (rateLimitInfo) this.dropNotices++;
    if (pid === undefined || rateLimitInfo) return;
    if (pid === 1 && this.last !== 0) this.resets++;
    else if (pid > this.last + 1) this.missing += pid - this.last - 1;
    this.last = pid;
  }
}
