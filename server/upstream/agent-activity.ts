/**
 * What an agent's status reports besides its connection phase: outages (gaps), events seen
 * (total, rate, node name) and open upstream streams. Owned by one AgentSupervisor.
 *
 * Invariants: at most one gap is open (no end), and it is the last; at most `maxGaps` are
 * kept, oldest dropped first.
 */
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Gap, GapSchema } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { EventRate } from "./event-rate.js";

const maxGaps = 100;

export class AgentActivity {
  private readonly gapList: Gap[] = [];
  private readonly rate = new EventRate();
  eventsTotal = 0n;
  nodeName = "";
  streams = 0;

  noteEvent(nodeName: string, nowMs: number): void {
    this.eventsTotal++;
    this.rate.add(nowMs);
    if (nodeName !== "") this.nodeName = nodeName;
  }

  eventsPerSecond(nowMs: number): number {
    return this.rate.perSecond(nowMs);
  }

  /** Opens a gap unless one is open already. */
  openGap(startMs: number, reason: string): void {
    const last = this.gapList.at(-1);
    if (last !== undefined && last.end === undefined) return;
    this.gapList.push(create(GapSchema, { start: timestampFromMs(startMs), reason }));
    if (this.gapList.length > maxGaps) this.gapList.shift();
  }

  closeGap(endMs: number): void {
    const last = this.gapList.at(-1);
    if (last !== undefined && last.end === undefined) last.end = timestampFromMs(endMs);
  }

  /** Copies, oldest first. */
  gaps(): Gap[] {
    return this.gapList.map((g) => create(GapSchema, g));
  }
}
