/**
 * Exhaustiveness guard for `switch` over a union: the call only typechecks when every member
 * was handled, so adding a Tetragon event type (or argument type) fails `tsc` here instead of
 * rendering blank. At run time it throws, because reaching it means the types lied.
 */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`Unhandled ${what}: ${String(value)}`);
}
