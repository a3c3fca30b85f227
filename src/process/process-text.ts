/**
 * The words the process tree shows for a node: its exit ("exited 0 after 1.2 s", "killed by
 * SIGKILL after 3 ms") or "running", and a short name for its accessible label. Pure.
 */
import { formatDuration } from "../lib/time";
import { visibleText } from "../lib/text";
import type { ProcessNode } from "../model/process-tree";

/** Arguments in a tree row: enough to recognise a command, not a whole script. */
export const TREE_ARGS_MAX = 120;

export function exitText(node: ProcessNode): string {
  if (!node.known && node.exit === undefined) return "not in buffer";
  const exit = node.exit;
  if (exit === undefined) return "running";
  const after = node.lifetimeMs === undefined ? "" : ` after ${formatDuration(node.lifetimeMs)}`;
  const how = exit.status.startsWith("SIG")
    ? `killed by ${visibleText(exit.status, 32)}`
    : `exited ${visibleText(exit.status, 32)}`;
  return `${how}${after}`;
}

/** "curl (pid 301), exited 0 after 1.2 s": the tree item's accessible name. */
export function nodeName(node: ProcessNode): string {
  const base = node.known ? baseName(node.binary) : `exec_id ${visibleText(node.execId, 64)}`;
  const pid = node.pid === undefined ? "" : ` (pid ${node.pid})`;
  return `${base}${pid}, ${exitText(node)}`;
}

function baseName(binary: string): string {
  const cut = binary.lastIndexOf("/");
  const name = cut >= 0 && cut < binary.length - 1 ? binary.slice(cut + 1) : binary;
  return visibleText(name || "(no binary)", 80);
}
