/**
 * The synthetic agent in its own process (so its pacing and encoding do not share a thread
 * with the gateway or the clients). Parent -> child messages: {setRate (, limit)}, {sent},
 * {close};
 * child -> parent: {ready, address, port, meanEventBytes} once, then one reply per request.
 */
import { startSyntheticAgent } from "./synthetic-agent.js";

type Command =
  | { id: number; op: "setRate"; rate: number | "max"; limit?: number }
  | { id: number; op: "sent" }
  | { id: number; op: "close" };

const agent = await startSyntheticAgent();
const send = (msg: unknown): void => {
  process.send?.(msg);
};
send({
  ready: true,
  address: agent.address,
  port: agent.port,
  meanEventBytes: agent.meanEventBytes,
});
process.on("message", (raw) => {
  const cmd = raw as Command;
  switch (cmd.op) {
    case "setRate":
      agent.setRate(cmd.rate === "max" ? Infinity : cmd.rate, cmd.limit);
      send({ id: cmd.id, sent: agent.sent() });
      return;
    case "sent":
      send({ id: cmd.id, sent: agent.sent(), streams: agent.streams() });
      return;
    case "close":
      void agent.close().then(() => {
        send({ id: cmd.id, sent: agent.sent() });
        process.exit(0);
      });
      return;
  }
});
process.on("disconnect", () => process.exit(0));
