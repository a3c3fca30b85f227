/*
 * The prefixes other tools put before a Tetragon JSON line: `kubectl logs --prefix` adds
 * "[pod/NAME/CONTAINER] ", `--timestamps` adds an RFC 3339 time, both may appear (prefix
 * first). A UTF-8 byte order mark at the start of a file is dropped too.
 */
const KUBECTL_PREFIX = /^\[[^\]\s/]+\/[^\]\s/]+\/[^\]\s/]+\](?:\s+|$)/;
const TIMESTAMP_PREFIX = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)(?:\s+|$)/;

export function stripLogPrefix(line: string): string {
  let s = line.trim();
  if (s.startsWith("\uFEFF")) s = s.slice(1).trimStart();
  s = s.replace(KUBECTL_PREFIX, "");
  s = s.replace(TIMESTAMP_PREFIX, "");
  return s;
}
