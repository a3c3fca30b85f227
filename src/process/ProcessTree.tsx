/**
 * The process tree as an ARIA tree: ancestors, the selected process, its descendants, each
 * row with binary, arguments, pid, start and exit (or "running"); "N more" rows where the
 * model folded. Clicking a process (or Enter/Space on it) calls onSelectProcess(execId).
 *
 * State: which nodes are collapsed and which item holds the roving tab stop, both local and
 * keyed by exec_id; the tree itself is props (built by buildProcessTree where the events
 * live). Keys: Up/Down move, Right expands or enters, Left collapses or goes to the parent,
 * Home/End. Every string is event data: text only, through visibleText.
 */
import { type KeyboardEvent, type ReactNode, useState } from "react";
import { cn } from "../lib/cn";
import { visibleText } from "../lib/text";
import { formatClock } from "../lib/time";
import { formatCount } from "../lib/format-count";
import type { ProcessNode, ProcessTree as Tree, TreeNode } from "../model/process-tree";
import { exitText, nodeName, TREE_ARGS_MAX } from "./process-text";

export interface ProcessTreeProps {
  tree: Tree;
  onSelectProcess: (execId: string) => void;
}

const keyOf = (n: TreeNode): string => (n.type === "more" ? n.key : n.execId);

function treeKeys(nodes: readonly TreeNode[], into = new Set<string>()): Set<string> {
  for (const n of nodes) {
    into.add(keyOf(n));
    if (n.type === "process") treeKeys(n.children, into);
  }
  return into;
}

function items(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('[role="treeitem"]')];
}

export function ProcessTree({ tree, onSelectProcess }: ProcessTreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusKey, setFocusKey] = useState(tree.selectedExecId);
  // Keep one tab stop when the focused node left the tree (a new tree was passed in).
  const tabStop = treeKeys(tree.roots).has(focusKey) ? focusKey : tree.selectedExecId;

  const toggle = (key: string, open: boolean) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (open) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const all = items(e.currentTarget);
    const current = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (current === null) return;
    const at = all.indexOf(current);
    const key = current.dataset["key"] ?? "";
    const expanded = current.getAttribute("aria-expanded");
    let target: HTMLElement | undefined;
    switch (e.key) {
      case "ArrowDown":
        target = all[at + 1];
        break;
      case "ArrowUp":
        target = all[at - 1];
        break;
      case "Home":
        target = all[0];
        break;
      case "End":
        target = all.at(-1);
        break;
      case "ArrowRight":
        if (expanded === "false") toggle(key, true);
        else if (expanded === "true") target = all[at + 1];
        break;
      case "ArrowLeft":
        if (expanded === "true") toggle(key, false);
        else target = current.parentElement?.closest<HTMLElement>('[role="treeitem"]') ?? undefined;
        break;
      case "Enter":
      case " ":
        if (current.dataset["exec"] !== undefined) onSelectProcess(current.dataset["exec"]);
        break;
      default:
        return;
    }
    e.preventDefault();
    if (target !== undefined) {
      setFocusKey(target.dataset["key"] ?? "");
      target.focus();
    }
  };

  const render = (nodes: readonly TreeNode[], level: number) =>
    nodes.map((n) =>
      n.type === "more" ? (
        <li
          key={n.key}
          role="treeitem"
          aria-level={level}
          aria-selected={false}
          data-key={n.key}
          tabIndex={tabStop === n.key ? 0 : -1}
          className="py-0.5 pl-6 text-slate-500 italic dark:text-slate-400"
        >
          … {formatCount(n.count)} more {n.what === "ancestors" ? "ancestors" : "children"}
        </li>
      ) : (
        <ProcessItem
          key={n.execId}
          node={n}
          level={level}
          focusable={tabStop === n.execId}
          open={!collapsed.has(n.execId)}
          onToggle={toggle}
          onSelect={onSelectProcess}
        >
          {n.children.length > 0 && !collapsed.has(n.execId) && (
            <ul role="group" className="pl-4">
              {render(n.children, level + 1)}
            </ul>
          )}
        </ProcessItem>
      ),
    );

  return (
    <ul role="tree" aria-label="Process tree" className="font-mono text-xs" onKeyDown={onKeyDown}>
      {render(tree.roots, 1)}
    </ul>
  );
}

function ProcessItem(props: {
  node: ProcessNode;
  level: number;
  focusable: boolean;
  open: boolean;
  onToggle: (key: string, open: boolean) => void;
  onSelect: (execId: string) => void;
  children: ReactNode;
}) {
  const { node, level, open } = props;
  const hasChildren = node.children.length > 0;
  const selected = node.role === "selected";
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={hasChildren ? open : undefined}
      aria-selected={selected}
      aria-label={nodeName(node)}
      data-key={node.execId}
      data-exec={node.execId}
      tabIndex={props.focusable ? 0 : -1}
      className="outline-none focus-visible:[&>div]:ring-2 focus-visible:[&>div]:ring-sky-500"
      onClick={(e) => {
        e.stopPropagation();
        props.onSelect(node.execId);
      }}
    >
      <div
        className={cn(
          "flex cursor-pointer items-baseline gap-2 rounded py-0.5 pr-2 hover:bg-slate-100 dark:hover:bg-slate-800",
          selected && "bg-sky-100 font-semibold dark:bg-sky-900/60",
        )}
      >
        {/* Mouse users' twisty; keyboard users expand with the arrow keys (ARIA tree pattern). */}
        <span
          aria-hidden="true"
          className={cn("w-4 shrink-0 text-slate-500", !hasChildren && "invisible")}
          onClick={(e) => {
            e.stopPropagation();
            props.onToggle(node.execId, !open);
          }}
        >
          {open ? "▾" : "▸"}
        </span>
        <span className={cn("shrink-0", !node.known && "text-slate-500 italic")}>
          {node.known ? visibleText(node.binary) : `exec_id ${visibleText(node.execId)}`}
        </span>
        {node.arguments !== "" && (
          <span className="min-w-0 truncate text-slate-600 dark:text-slate-300">
            {visibleText(node.arguments, TREE_ARGS_MAX)}
          </span>
        )}
        <span className="ml-auto shrink-0 text-slate-500 dark:text-slate-400">
          {node.pid === undefined ? "" : `pid ${node.pid}`}
          {Number.isFinite(node.startMs) ? ` · ${formatClock(node.startMs)}` : ""}
          {` · ${exitText(node)}`}
        </span>
      </div>
      {props.children}
    </li>
  );
}
