import { changedFilesText, checkSummary, type ImportRecord } from "@/lib/importer";
import { age } from "../age";
import { FlagList } from "./flag-list";

/** "108 added · 2 retired", or "no changes"; unchanged cards are said apart, they are most of a re-import. */
function changes({ summary: s }: ImportRecord): string {
  const counts: [number, string][] = [
    [s.added, "added"],
    [s.updated, "updated"],
    [s.retired, "retired"],
    [s.restored, "restored"],
  ];
  const parts = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return (parts.length > 0 ? parts.join(" · ") : "no changes") + (s.unchanged > 0 ? ` · ${s.unchanged} unchanged` : "");
}

/** The disclosure mark of an import with flags (an invisible one keeps the other rows aligned). */
function Chevron({ className }: { className: string }) {
  return (
    <svg aria-hidden viewBox="0 0 12 12" className={`mt-1 h-3 w-3 shrink-0 ${className}`}>
      <path d="M4 2l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function ImportLine({ record }: { record: ImportRecord }) {
  const check = checkSummary(record);
  return (
    <span className="inline-flex flex-col gap-0.5">
      <span className="flex flex-wrap items-baseline gap-x-3">
        <time dateTime={record.importedAt.toISOString()} title={record.importedAt.toLocaleString("en-GB", { timeZone: "UTC", timeZoneName: "short" })} className="font-medium text-stone-800">
          {age(record.importedAt)}
        </time>
        <span className="text-stone-600">{changes(record)}</span>
        {check && <span className={record.duplicates?.some((flag) => !flag.settled) ? "font-medium text-amber-800" : "text-stone-500"}>{check}</span>}
      </span>
      {record.files.length > 0 && (
        <span className="break-all font-mono text-xs text-stone-500">
          {changedFilesText(record.files)}
        </span>
      )}
    </span>
  );
}

/** The latest imports (newest first), each with what it changed and its near-duplicate flags as they stand now. */
export function RecentImports({ imports }: { imports: ImportRecord[] }) {
  if (imports.length === 0) return null;
  return (
    <section className="space-y-2" data-testid="recent-imports">
      <h2 className="text-lg font-semibold tracking-tight">Recent imports</h2>
      <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white text-sm">
        {imports.map((record) => (
          <li key={record.id} className="px-4 py-2.5" data-testid="recent-import">
            {record.duplicates && record.duplicates.length > 0 ? (
              <details className="group">
                <summary className="flex cursor-pointer list-none gap-2 [&::-webkit-details-marker]:hidden">
                  <Chevron className="text-stone-500 transition-transform group-open:rotate-90" />
                  <ImportLine record={record} />
                </summary>
                <div className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 pb-3 pt-1 text-amber-950">
                  <FlagList flags={record.duplicates} />
                </div>
              </details>
            ) : (
              <span className="flex gap-2">
                <Chevron className="invisible" />
                <ImportLine record={record} />
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
