/**
 * Bridges the worker to the detail pane: asks for the selected event (again as events arrive,
 * while it is not buffered), and renders the memoised pane once it is there; until then,
 * once the worker has answered not-found, a pane that says so.
 */
import { memo } from "react";
import { useDetail } from "../hooks/use-detail";
import { useExternal } from "../hooks/use-external";
import type { ViewClient } from "../view/worker-client";
import { DetailPane, type DetailPaneProps } from "./DetailPane";
import { EventNotBuffered } from "./EventNotBuffered";

const MemoPane = memo(DetailPane);

export function SelectedDetails(
  props: { client: ViewClient; selectedKey: string } & Omit<DetailPaneProps, "detail">,
) {
  const { client, selectedKey, ...rest } = props;
  const received = useExternal(client.view).counts.received;
  const detail = useDetail(client, selectedKey, received);
  if (detail === undefined) return null;
  if (!detail.found) return <EventNotBuffered selectedKey={selectedKey} onClose={rest.onClose} />;
  return <MemoPane detail={detail} {...rest} />;
}
