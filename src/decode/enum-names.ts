/**
 * Enum numbers -> names through the generated descriptors, so unknown numbers from a newer
 * agent still print (as the number) instead of "undefined".
 */
import type { DescEnum } from "@bufbuild/protobuf";

/** The proto name ("KPROBE_ACTION_POST", "CAP_SYS_ADMIN"), or the number for unknown values. */
export function protoEnumName(schema: DescEnum, n: number): string {
  return schema.value[n]?.name ?? String(n);
}

/** The short name without the enum's shared prefix ("POST", "THROTTLE_START" -> as generated). */
export function shortEnumName(schema: DescEnum, n: number): string {
  return schema.value[n]?.localName ?? String(n);
}
