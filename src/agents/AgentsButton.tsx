/**
 * The header's "Agents" button and the dialog it opens. Open state is local; focus returns
 * to the button when the dialog closes. Choosing a policy closes the dialog, so the filtered
 * table is what the user sees next.
 */
import { useRef, useState } from "react";
import type { AgentInfoApi } from "../ingest/agent-info-client";
import { type AgentEntry, AgentsDialog } from "./AgentsDialog";

export interface AgentsButtonProps {
  agents: readonly AgentEntry[];
  statusError?: string;
  api: AgentInfoApi;
  onPolicyFilter: (policyName: string) => void;
  className?: string;
}

export function AgentsButton(props: AgentsButtonProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        className={props.className}
        onClick={() => {
          setOpen(true);
        }}
      >
        Agents
      </button>
      {open && (
        <AgentsDialog
          agents={props.agents}
          {...(props.statusError === undefined ? {} : { statusError: props.statusError })}
          api={props.api}
          onClose={close}
          onPolicyFilter={(name) => {
            close();
            props.onPolicyFilter(name);
          }}
        />
      )}
    </>
  );
}
