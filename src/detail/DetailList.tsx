/** One titled section of [label, value] pairs; values are neutralised; long ones
 * are trimmed with a "Show all" (LongText). */
import { visibleText } from "../lib/text";
import type { DetailSection } from "../model/detail-section";
import { LongText } from "./LongText";

export function DetailList({ section }: { section: DetailSection }) {
  return (
    <section className="mb-3">
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
        {section.title}
      </h3>
      <dl className="grid grid-cols-[minmax(6rem,max-content)_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
        {section.entries.map(([label, value], i) => (
          // Labels can repeat (two "label" rows); position within a fixed list is stable.
          <div key={`${label}-${i}`} className="contents">
            <dt className="text-slate-500 dark:text-slate-400">{visibleText(label, 256)}</dt>
            <dd className="break-all whitespace-pre-wrap">
              <LongText text={value} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
