/** The request/response pair of connect-node's handlers (HTTP/1.1 or HTTP/2 compat API). */
import type { ConnectNodeAdapterOptions } from "@connectrpc/connect-node";

export type NodeHandler = NonNullable<ConnectNodeAdapterOptions["fallback"]>;
export type NodeRequest = Parameters<NodeHandler>[0];
export type NodeResponse = Parameters<NodeHandler>[1];
