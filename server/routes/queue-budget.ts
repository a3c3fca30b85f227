/**
 * One memory budget for the queues of all open browser streams together. Each queue may
 * hold an equal share, budget ÷ open queues; when a queue joins, every other queue is trimmed
 * to the new, smaller share at once, so the queued bytes never add up to more than the budget
 * (plus at most one event per queue: a queue always keeps its newest event).
 *
 * Why equal shares: a stalled tab should cost what a healthy one may use, not more; healthy
 * queues stay near empty (the browser keeps up), so the share only binds the ones behind.
 */

export interface BudgetMember {
  /** Drops oldest events until the queue holds at most `bytes` (reporting the drops). */
  trimTo(bytes: number): void;
  readonly bytes: number;
}

export class QueueBudget {
  private readonly members = new Set<BudgetMember>();

  constructor(readonly totalBytes: number) {}

  /** Bytes each queue may hold right now. */
  get share(): number {
    return Math.floor(this.totalBytes / Math.max(1, this.members.size));
  }

  /** Bytes queued across all members (gauge). */
  get used(): number {
    let n = 0;
    for (const m of this.members) n += m.bytes;
    return n;
  }

  join(member: BudgetMember): void {
    this.members.add(member);
    const share = this.share;
    for (const m of this.members) if (m.bytes > share) m.trimTo(share);
  }

  leave(member: BudgetMember): void {
    this.members.delete(member);
  }
}
