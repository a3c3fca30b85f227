/**
 * The hub's side of "Open log…": one file read at a time into the shared buffer, through the
 * same `append` as the live stream, after a marker row (a Gap with source "file") placed
 * before the file's first event and stamped with that event's own time.
 *
 * Live events keep arriving meanwhile (the stream is every tab's: stopping it would leave a
 * gap in all of them). So that the file reads as one block after its marker, live events that
 * arrive while the file is read are held and appended right after its last event; beyond
 * MAX_HELD_LIVE they are dropped and a gap marker says how many. State: the last file's
 * progress (sent to every tab, and to a tab that connects later) and, while reading, the
 * held live events.
 */
import type { FileSourceState, Gap } from "../protocol/protocol.js";
import { readLogFile } from "./open-log.js";

/** Live events held while a file is read (~ a few seconds of a busy cluster). */
export const MAX_HELD_LIVE = 50_000;

export interface FileSourceDeps {
  readonly now: () => number;
  /** Appends one encoded event to the buffer (the hub's own append). */
  readonly append: (bytes: Uint8Array) => void;
  /** Adds a marker before the next event appended. */
  readonly addMarker: (gap: Gap) => void;
  /** Every tab's copy of the file state. */
  readonly publish: (state: FileSourceState) => void;
}

export function fileMarker(name: string, timeMs: number): Gap {
  return { startMs: timeMs, endMs: timeMs, node: "", reason: `file: ${name}`, source: "file" };
}

function emptyState(name: string, totalBytes: number): FileSourceState {
  return {
    name,
    phase: "reading",
    bytesRead: 0,
    totalBytes,
    events: 0,
    summary: "",
    problems: [],
    problemCount: 0,
    error: "",
  };
}

export class FileSource {
  private current: FileSourceState | null = null;
  private held: Uint8Array[] | null = null;
  private heldDropped = 0;
  private heldSinceMs = 0;

  constructor(private readonly deps: FileSourceDeps) {}

  /** The last opened file's state, null before any. */
  get state(): FileSourceState | null {
    return this.current;
  }

  get reading(): boolean {
    return this.held !== null;
  }

  /** A live event: held (true) while a file is read, else the caller appends it (false). */
  holdLive(bytes: Uint8Array): boolean {
    if (this.held === null) return false;
    if (this.held.length < MAX_HELD_LIVE) this.held.push(bytes);
    else this.heldDropped++;
    return true;
  }

  /**
   * Reads `file` into the buffer. `atFileEnd` runs after the file's last event and before
   * the held live events are appended. Refused (false) while another file is read.
   */
  open(file: Blob, name: string, atFileEnd: (state: FileSourceState) => void): boolean {
    if (this.held !== null) return false;
    this.held = [];
    this.heldDropped = 0;
    this.heldSinceMs = this.deps.now();
    let first = true;
    const finish = (state: FileSourceState): void => {
      atFileEnd(state);
      const held = this.held ?? [];
      this.held = null;
      if (this.heldDropped > 0) {
        this.deps.addMarker({
          startMs: this.heldSinceMs,
          endMs: this.deps.now(),
          node: "",
          reason: `live events not kept while the file ${name} was read`,
          source: "browser",
          dropped: this.heldDropped,
        });
      }
      for (const bytes of held) this.deps.append(bytes);
    };
    void readLogFile(file, {
      name,
      now: this.deps.now,
      append: (bytes, timeMs) => {
        if (first) {
          first = false;
          this.deps.addMarker(fileMarker(name, timeMs ?? this.deps.now()));
        }
        this.deps.append(bytes);
      },
      report: (state) => {
        this.current = state;
        this.deps.publish(state);
      },
    }).then(finish, (err: unknown) => {
      // Not expected (read and gzip errors end as "failed" inside readLogFile): still end the
      // read, so live events are never held for good.
      const state: FileSourceState = {
        ...(this.current ?? emptyState(name, file.size)),
        phase: "failed",
        error: err instanceof Error ? err.message : "reading stopped",
      };
      this.current = state;
      this.deps.publish(state);
      finish(state);
    });
    return true;
  }
}
