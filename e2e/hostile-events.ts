/**
 * Hostile synthetic events for the browser tests, built with create() and written as a
 * Tetragon JSON log (one toJsonString per line) for the demo agent's replay mode. Every string
 * field carries markup, script, ANSI/OSC, C0/C1, bidi and zero-width payloads; one event
 * carries a 1 MiB argument, one 500 hostile labels. Each field's payload starts with a tag
 * (`F:pod`) so a test can find where it landed.
 */
import { create, toJsonString, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { writeFileSync } from "node:fs";
import { GetEventsResponseSchema, ThrottleType } from "../src/gen/tetragon/events_pb.js";
import { KprobeAction, type ProcessSchema } from "../src/gen/tetragon/tetragon_pb.js";

/** Markup and script: must stay inert text. */
export const MARKUP = [
  "<img src=x onerror=window.__pwned=1>",
  "<script>window.__pwned=1</script>",
  "javascript:window.__pwned=1",
  '"><svg onload=window.__pwned=1>',
  "<a href=javascript:window.__pwned=1>click</a>",
];
/** Terminal escapes, C0/C1 controls, bidi and invisible characters: must become visible. */
export const ESCAPES = [
  "\u001b[31mred\u001b[0m",
  "\u001b]8;;http://evil\u0007link\u001b]8;;\u0007",
  "\u001b]0;title\u0007",
  "nul\u0000bs\u0008vt\u000b",
  "c1\u0085\u009b",
  "\u202Eexe.sh",
  "zw\u200b\u200d\ufeff",
];
/** The raw characters that must never reach the page's text or a copied/exported file. */
export const RAW_SPECIALS = ["\u001b", "\u0000", "\u0007", "\u202e", "\u200b", "\ufeff", "\u0085"];
/** What those become on screen (lib/text.ts markers). */
export const MARKERS = ["␛[31m", "␇", "␀", "\\x85", "⟨U+202E⟩", "⟨U+200B⟩", "⟨U+FEFF⟩"];

export const BIG_TOKEN = "HUGEARGUMENT";
export const BIG_ARG_CHARS = 1024 * 1024;

export function hostile(field: string): string {
  return `F:${field} ${[...MARKUP, ...ESCAPES].join(" ")}`;
}

type ProcessInit = MessageInitShape<typeof ProcessSchema>;

function processOf(tag: string, args = hostile(`${tag}-args`)): ProcessInit {
  const labels: Record<string, string> = {};
  for (let i = 0; i < 500; i++) labels[hostile(`labelkey${i}`)] = hostile(`labelvalue${i}`);
  return {
    execId: `ZXhlYy0${tag}`,
    pid: 4242,
    uid: 0,
    binary: hostile(`${tag}-binary`),
    arguments: args,
    cwd: hostile(`${tag}-cwd`),
    flags: "execve",
    startTime: timestampFromMs(Date.UTC(2024, 4, 1)),
    pod: {
      namespace: hostile("namespace"),
      name: hostile("pod"),
      podLabels: tag === "exec" ? labels : { [hostile("k")]: hostile("v") },
      container: {
        id: hostile("containerid"),
        name: hostile("container"),
        image: { id: hostile("imageid"), name: hostile("image") },
      },
    },
  };
}

export function hostileEvents() {
  const base = { nodeName: hostile("node"), time: timestampFromMs(Date.UTC(2024, 4, 1)) };
  return [
    create(GetEventsResponseSchema, {
      ...base,
      event: {
        case: "processExec",
        value: { process: processOf("exec"), parent: processOf("parent") },
      },
    }),
    create(GetEventsResponseSchema, {
      ...base,
      event: {
        case: "processKprobe",
        value: {
          process: processOf("kprobe"),
          functionName: hostile("function"),
          policyName: hostile("policy"),
          action: KprobeAction.POST,
          args: [
            { arg: { case: "stringArg", value: hostile("stringarg") }, label: hostile("label") },
            {
              arg: { case: "bytesArg", value: new TextEncoder().encode(hostile("bytesarg")) },
            },
            { arg: { case: "fileArg", value: { path: hostile("filearg") } } },
          ],
        },
      },
    }),
    create(GetEventsResponseSchema, {
      ...base,
      event: {
        case: "processThrottle",
        value: { type: ThrottleType.THROTTLE_START, cgroup: hostile("cgroup") },
      },
    }),
    create(GetEventsResponseSchema, {
      ...base,
      event: {
        case: "processExec",
        value: {
          process: processOf(
            "big",
            `${BIG_TOKEN} ${hostile("bigarg")} ${"A".repeat(BIG_ARG_CHARS)} END`,
          ),
        },
      },
    }),
  ];
}

/** Writes the events as a Tetragon JSON log (the format `--replay` reads). */
export function writeHostileLog(path: string): void {
  const lines = hostileEvents().map((e) =>
    toJsonString(GetEventsResponseSchema, e, { useProtoFieldName: true }),
  );
  writeFileSync(path, `${lines.join("\n")}\n`);
}
