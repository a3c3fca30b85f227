/**
 * A name shortened in the middle when its box is too narrow: the head is cut with a CSS
 * ellipsis, the tail (the part that tells names apart, see lib/middle-ellipsis.ts) always
 * shows. The full name stays in the DOM, so it is read, copied and measured whole.
 */
import { splitForMiddleEllipsis } from "../lib/middle-ellipsis";
import { visibleText } from "../lib/text";

export function MiddleEllipsis({ text }: { text: string }) {
  const { head, tail } = splitForMiddleEllipsis(text);
  if (head === "") return <>{visibleText(tail)}</>;
  return (
    <span className="flex w-full min-w-0">
      <span className="min-w-0 truncate">{visibleText(head)}</span>
      <span className="shrink-0 whitespace-pre">{visibleText(tail)}</span>
    </span>
  );
}
