/**
 * Compiles the filter spec and hands the predicate to the store (a full recompute over the
 * buffer, synchronously, so results follow each keystroke). An invalid field keeps the last
 * valid predicate (compileFilters' `prev`), so the table keeps its previous results while
 * the input shows the error.
 */
import { useEffect, useMemo, useRef } from "react";
import { compileFilters, rowPredicate, type CompiledFilters } from "../ingest/query/compile";
import type { FilterSpec } from "../filters/filter-spec";
import type { EventStore } from "../stream/event-store";

export function useStoreFilter<R>(store: EventStore<R>, spec: FilterSpec): CompiledFilters {
  const prev = useRef<CompiledFilters | undefined>(undefined);
  const compiled = useMemo(() => compileFilters(spec, prev.current), [spec]);
  useEffect(() => {
    prev.current = compiled;
    store.setFilter(rowPredicate(compiled));
  }, [store, compiled]);
  return compiled;
}
