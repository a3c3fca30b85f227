/**
 * Sends the tab's filters and sort to the ingest worker whenever they change (the worker
 * filters and sorts off this thread: typing never waits for it) and returns the per-field
 * errors of the newest spec the worker has compiled. An invalid field keeps its last valid
 * filter there, so the table keeps its rows while the input shows the error.
 */
import { useLayoutEffect } from "react";
import type { FilterField, FilterSpec } from "../filters/filter-spec";
import type { SortSpec } from "../protocol/protocol";
import type { ViewClient } from "../view/worker-client";
import { useExternal } from "./use-external";

export function useViewSpec(
  client: ViewClient,
  filters: FilterSpec,
  sort: SortSpec | null,
): Partial<Record<FilterField, string>> {
  // A layout effect: it runs before the browser paints this keystroke, so the worker starts
  // filtering a frame earlier than a passive effect (which waits for the paint) would let it.
  useLayoutEffect(() => {
    client.setSpec({ filters, sort });
  }, [client, filters, sort]);
  return useExternal(client.view).errors;
}

/** Per invalid field of the newest spec, the text whose filter still applies. */
export function useKeptFilters(client: ViewClient): Partial<Record<FilterField, string>> {
  return useExternal(client.view).kept;
}
