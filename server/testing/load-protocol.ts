/**
 * Messages between the out-of-process load test's driver (server/testing/load-stack.ts) and
 * its client processes (bench/load-client.ts), over the fork IPC channel.
 */

/** Driver -> client process. */
export type LoadClientCommand =
  | {
      op: "start";
      /** The gateway's base URL, e.g. http://127.0.0.1:41234/ */
      url: string;
      /** Client connections this process opens (each its own HTTP/1.1 socket). */
      clients: number;
      /** Index of this process's first client, for messages. */
      firstClient: number;
      /** Events every stream carries (the agent's per-stream limit). */
      limit: number;
    }
  /** Report and exit: the driver saw every client done (or gave up waiting). */
  | { op: "finish" };

export interface LoadClientReport {
  client: number;
  /** Events received in order and byte-identical to what the agent sent. */
  delivered: number;
  /** Every gRPC-Web frame received (more than `delivered` means extra or bad frames). */
  frames: number;
  /** The first thing that was not the next expected event, or an HTTP/socket error. */
  problem: string | undefined;
  /** Date.now() of the last good event. */
  lastMs: number;
}

/** Client process -> driver. */
export type LoadClientMessage =
  | { type: "ready" }
  | { type: "progress"; delivered: number; done: number }
  | {
      type: "result";
      clients: LoadClientReport[];
      /** Latency histogram, [whole ms, count] pairs (agent send time -> receive time). */
      latency: [number, number][];
    };
