/**
 * The only Tetragon methods that reach an agent. Everything else — AddTracingPolicy and the
 * other policy/sensor mutators, SetDebug, GetDebug (dumps the process cache), ListSensors,
 * ListDomains, EventLogService, reflection, any method added to the proto later — is answered
 * by routes/deny.ts. Routes are built from this list, never by iterating the service.
 */
export const forwardedMethods = [
  "GetEvents",
  "GetHealth",
  "GetVersion",
  "GetInfo",
  "ListTracingPolicies",
] as const;

export type ForwardedMethod = (typeof forwardedMethods)[number];

export const tetragonServiceName = "tetragon.FineGuidanceSensors";
