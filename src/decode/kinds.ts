/**
 * EventKind <-> Tetragon's EventType enum numbers, for GetEventsRequest event_set (the names
 * themselves are in src/model/event-kind.ts, which the page may import).
 */
import { EventType } from "../gen/tetragon/events_pb.js";
import { EVENT_KINDS, type EventKind, type KnownEventKind } from "../model/event-kind.js";

const ENUM_VALUES: Readonly<Record<KnownEventKind, EventType>> = {
  exec: EventType.PROCESS_EXEC,
  exit: EventType.PROCESS_EXIT,
  kprobe: EventType.PROCESS_KPROBE,
  tracepoint: EventType.PROCESS_TRACEPOINT,
  uprobe: EventType.PROCESS_UPROBE,
  usdt: EventType.PROCESS_USDT,
  lsm: EventType.PROCESS_LSM,
  loader: EventType.PROCESS_LOADER,
  throttle: EventType.PROCESS_THROTTLE,
  rate_limit_info: EventType.RATE_LIMIT_INFO,
  test: EventType.TEST,
};

export function eventTypeOfKind(kind: EventKind): EventType | undefined {
  return kind === "unknown" ? undefined : ENUM_VALUES[kind];
}

export function kindOfEventType(t: EventType): EventKind {
  for (const kind of EVENT_KINDS) if (ENUM_VALUES[kind] === t) return kind;
  return "unknown";
}
