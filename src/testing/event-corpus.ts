/**
 * Every encoded event the tests have, for checks that must hold over all of them (the fast
 * decoder's exactness, the store's round trip, search semantics): the real events of
 * ../shared (when present), our synthetic events of every kind, the hostile events the e2e
 * specs replay, and the benchmark agent's 512 templates (pod, labels, parents: the ~1.9 KB
 * events the bench streams).
 */
import { toBinary } from "@bufbuild/protobuf";
import { buildTemplates, samplePayloads } from "../../bench/synthetic-agent";
import { hostileEvents } from "../../e2e/hostile-events";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import { loadRealEvents } from "./real-events";
import { allSyntheticEvents } from "./synthetic-events";

export interface EncodedEvent {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export function encodedCorpus(): EncodedEvent[] {
  const out: EncodedEvent[] = [];
  const encode = (
    name: string,
    e: Parameters<typeof toBinary<typeof GetEventsResponseSchema>>[1],
  ) => out.push({ name, bytes: toBinary(GetEventsResponseSchema, e) });
  (loadRealEvents() ?? []).forEach((e, i) => {
    encode(`real ${String(i)}`, e.res);
  });
  allSyntheticEvents().forEach((e, i) => {
    encode(`synthetic ${String(i)}`, e);
  });
  hostileEvents().forEach((e, i) => {
    encode(`hostile ${String(i)}`, e);
  });
  samplePayloads(buildTemplates(), 512).forEach((bytes, i) => {
    out.push({ name: `bench template ${String(i)}`, bytes });
  });
  return out;
}
