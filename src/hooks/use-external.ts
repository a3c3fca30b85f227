/** React bridge to the plain observable stores of src/view and src/lib (one re-render per change). */
import { useSyncExternalStore } from "react";

export interface ExternalStore<T> {
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => T;
}

export function useExternal<T>(store: ExternalStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
