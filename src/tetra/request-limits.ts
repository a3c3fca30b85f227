/**
 * The gateway's caps on a GetEventsRequest (server/routes/request-limits.ts refuses anything
 * larger with InvalidArgument before it reaches an agent). The panel checks the same numbers
 * so a filter the gateway would refuse is reported while it is typed; a server test keeps the
 * two in step.
 */
export const agentFilterLimits = {
  /** Filters in allow_list and in deny_list, each. */
  maxFilters: 32,
  /** Values of one repeated field of one filter. */
  maxValuesPerField: 64,
  /** Characters of any one string: a regex, CEL expression, label selector or name. */
  maxStringLength: 1024,
} as const;

/** Longest URL form of an agent filter accepted on read (the caps above allow far less). */
export const MAX_AGENT_FILTER_PARAM = 32_768;
