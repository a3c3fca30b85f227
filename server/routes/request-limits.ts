/**
 * Caps on what a browser may ask an agent to do in GetEventsRequest. Filters are compiled by
 * the agent (regexes, CEL), so their number and size are bounded here; over-limit requests
 * are answered with InvalidArgument and never forwarded.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import type { GetEventsRequest } from "../../src/gen/tetragon/events_pb.js";

export const requestLimits = {
  /** allow_list, deny_list and field_filters each. */
  maxFilters: 32,
  /** Entries of any repeated field inside one filter (binary_regex, namespace, pid...). */
  maxValuesPerField: 64,
  /** Any string: a regex, CEL expression, label selector or name. */
  maxStringLength: 1024,
  /** AggregationOptions.channel_buffer_size allocates on the agent. */
  maxChannelBufferSize: 65_536n,
} as const;

export function checkGetEventsRequest(req: GetEventsRequest): void {
  for (const [name, list] of [
    ["allow_list", req.allowList],
    ["deny_list", req.denyList],
    ["field_filters", req.fieldFilters],
  ] as const) {
    if (list.length > requestLimits.maxFilters) {
      throw invalid(
        `${name} has ${String(list.length)} entries; the gateway allows at most ${String(requestLimits.maxFilters)}`,
      );
    }
    list.forEach((filter, i) => {
      walk(filter, `${name}[${String(i)}]`, 0);
    });
  }
  const buffer = req.aggregationOptions?.channelBufferSize ?? 0n;
  if (buffer > requestLimits.maxChannelBufferSize) {
    throw invalid(
      `aggregation_options.channel_buffer_size is above ${String(requestLimits.maxChannelBufferSize)}`,
    );
  }
}

function walk(value: unknown, path: string, depth: number): void {
  if (depth > 8) throw invalid(`${path} is nested too deeply`);
  if (typeof value === "string") {
    if (value.length > requestLimits.maxStringLength) {
      throw invalid(
        `${path} is ${String(value.length)} characters long; the gateway allows at most ${String(requestLimits.maxStringLength)}`,
      );
    }
  } else if (Array.isArray(value)) {
    if (value.length > requestLimits.maxValuesPerField) {
      throw invalid(
        `${path} has ${String(value.length)} values; the gateway allows at most ${String(requestLimits.maxValuesPerField)}`,
      );
    }
    value.forEach((item: unknown, i) => {
      walk(item, `${path}[${String(i)}]`, depth + 1);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== "$typeName" && key !== "$unknown") walk(inner, `${path}.${key}`, depth + 1);
    }
  }
}

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}
