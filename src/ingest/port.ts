/** What the hub needs of a tab's MessagePort (or of the dedicated worker's scope). */
import type { ToPage } from "../protocol/protocol.js";

export interface PortLike {
  postMessage(message: ToPage): void;
}
