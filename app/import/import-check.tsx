"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { plural } from "@/lib/plural";
import type { ImportStatusResponse } from "../api/import/[id]/route";
import { settledCount } from "@/lib/importer/check-summary";
import { FlagList } from "./flag-list";

const POLL_MS = 1_000;

/** The JSON of GET /api/import/:id (dates as strings). */
type ImportStatus = Omit<ImportStatusResponse, "importedAt" | "checkedAt"> & { importedAt: string; checkedAt: string | null };

/**
 * After an import: "Embedding N cards…" while the embed job runs, then which of the new cards nearly
 * duplicate another card (stored with the import by that job), polled from GET /api/import/:id.
 */
export function ImportCheck({ importId }: { importId: string }) {
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      try {
        const response = await fetch(`/api/import/${importId}`, { cache: "no-store" });
        const body = await response.json();
        if (stopped) return;
        if (!response.ok) return setError(body.error ?? `HTTP ${response.status}`);
        setError(null);
        setStatus(body);
        if (body.duplicates !== null) return;
      } catch {
        if (stopped) return;
        setError("Could not reach the server; trying again.");
      }
      timer = setTimeout(poll, POLL_MS);
    }
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [importId]);

  if (error && !status) return <p className="text-sm text-red-800">{error}</p>;
  if (!status || status.cards === 0) return null;

  if (status.duplicates === null) {
    const { embedJob } = status;
    const stalled = embedJob.queued + embedJob.active === 0 && embedJob.failed > 0;
    return (
      <div role="status" className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900" data-testid="import-check">
        <p className="flex items-center gap-2 font-medium">
          <span className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-sky-300 border-t-sky-700 motion-reduce:animate-none" aria-hidden />
          {status.unembedded > 0 ? `Embedding ${plural(status.unembedded, "card")}…` : `Checking ${plural(status.cards, "new card")} for near-duplicates…`}
        </p>
        <p className="mt-1 text-sky-800">
          {stalled
            ? "The embedding job failed (the server log says why); it is tried again at the next import or restart, or run `cards embed`."
            : !embedJob.workedHere && embedJob.active === 0
              ? "Queued for a worker (`cards worker`). "
              : null}
          Words find the new cards now, search by meaning once they are embedded; then they are checked for near-duplicates.
        </p>
        {error && <p className="mt-1 text-xs text-red-800">{error}</p>}
      </div>
    );
  }

  if (status.duplicates.length === 0) {
    return (
      <p className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="import-check">
        No near-duplicates among the {plural(status.cards, "new or changed card")}.
      </p>
    );
  }

  const settled = settledCount(status.duplicates);
  return (
    <section className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950" data-testid="import-check">
      <h2 className="font-medium">
        {plural(status.duplicates.length, "possible duplicate")} among the {plural(status.cards, "new or changed card")}
        {settled && <span className="font-normal text-amber-800"> — {settled}</span>}
      </h2>
      <FlagList flags={status.duplicates} />
      {status.duplicates.some((flag) => !flag.settled) && (
        <p className="mt-3">
          <Link href="/duplicates" className="font-medium text-amber-900 underline underline-offset-2">
            Keep one, dismiss or suspend them on the Duplicates page →
          </Link>
        </p>
      )}
    </section>
  );
}
