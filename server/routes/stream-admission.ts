/**
 * Admission of GetEvents streams: a gateway-wide cap and a per-client-address cap, refused
 * with ResourceExhausted and a reason that names the limit and its flag. Tabs of one browser
 * share one stream (the SharedWorker), so a team of 20 people with 7 tabs each holds about 20
 * streams, even when all of them come through one address (a reverse proxy, a port-forward).
 *
 * State: open streams in total and per address; `admit` counts one in and returns its
 * release, which counts it out once (calling it twice is harmless).
 */
import { Code, ConnectError } from "@connectrpc/connect";

export interface StreamLimits {
  /** Concurrent GetEvents streams, all clients together. */
  maxStreams: number;
  /** Concurrent GetEvents streams from one client address. */
  maxStreamsPerAddress: number;
}

export const defaultStreamLimits: StreamLimits = { maxStreams: 1_000, maxStreamsPerAddress: 64 };

export class StreamAdmission {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly limits: StreamLimits) {}

  get open(): number {
    return this.total;
  }

  /** Counts a new stream from `address` in, or throws ResourceExhausted. */
  admit(address: string): () => void {
    const mine = this.perAddress.get(address) ?? 0;
    if (this.total >= this.limits.maxStreams) {
      throw new ConnectError(
        `the gateway already serves ${String(this.total)} GetEvents streams, its limit ` +
          `(--max-streams ${String(this.limits.maxStreams)}); try again later`,
        Code.ResourceExhausted,
      );
    }
    if (mine >= this.limits.maxStreamsPerAddress) {
      throw new ConnectError(
        `${address} already has ${String(mine)} GetEvents streams open, the limit per client ` +
          `address (--max-streams-per-address ${String(this.limits.maxStreamsPerAddress)}); ` +
          "close other dashboards or raise the limit",
        Code.ResourceExhausted,
      );
    }
    this.total++;
    this.perAddress.set(address, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    };
  }
}
