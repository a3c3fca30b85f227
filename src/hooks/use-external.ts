/** React bridges to the plain stores of src/stream (one re-render per committed change). */
import { useSyncExternalStore } from "react";

export interface ExternalStore<T> {
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => T;
}

export function useExternal<T>(store: ExternalStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
