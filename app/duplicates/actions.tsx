"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";

type Action =
  | { action: "keep"; keepId: string; retireIds: string[] }
  | { action: "dismiss"; ids: string[] }
  | { action: "suspend"; ids: string[] }
  | { action: "rescan"; threshold: number };

/** Posts an action to /api/duplicates, then re-renders the page (the cluster changes or disappears). */
function useDuplicateAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function run(action: Action) {
    setError(null);
    startTransition(async () => {
      try {
        const response = await fetch("/api/duplicates", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(action) });
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as { error?: string };
          setError(body.error ?? `failed (HTTP ${response.status})`);
          // A card is gone (re-import, another tab): the list on screen is stale, so list again.
          if (response.status === 404) router.refresh();
          return;
        }
        router.refresh();
      } catch {
        setError("Could not reach the server.");
      }
    });
  }
  return { run, pending, error };
}

const button = "rounded-md px-2.5 py-1 text-xs font-medium disabled:opacity-50";

export function CardActions({ cardId, clusterIds }: { cardId: string; clusterIds: string[] }) {
  const { run, pending, error } = useDuplicateAction();
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-2">
        <button
          disabled={pending}
          onClick={() => run({ action: "keep", keepId: cardId, retireIds: clusterIds.filter((id) => id !== cardId) })}
          title="Keep this card; retire the others into it (their review history stays with it)"
          className={`${button} bg-stone-900 text-white hover:bg-stone-700`}
        >
          Keep this one
        </button>
        <button disabled={pending} onClick={() => run({ action: "suspend", ids: [cardId] })} title="Stop reviewing this card for now" className={`${button} border border-stone-300 text-stone-700 hover:bg-stone-100`}>
          Suspend
        </button>
      </div>
      {error && <p className="text-xs text-red-800">{error}</p>}
    </div>
  );
}

export function DismissCluster({ ids }: { ids: string[] }) {
  const { run, pending, error } = useDuplicateAction();
  return (
    <span className="inline-flex items-center gap-2">
      {error && <span className="text-xs text-red-800">{error}</span>}
      <button disabled={pending} onClick={() => run({ action: "dismiss", ids })} title="These are different cards: never show them together again" className={`${button} border border-stone-300 text-stone-700 hover:bg-stone-100`}>
        Not duplicates
      </button>
    </span>
  );
}

/** Queues a new scan (it runs as a background job); the page then shows "scanning" until it is done. */
export function RescanButton({ threshold }: { threshold: number }) {
  const { run, pending, error } = useDuplicateAction();
  return (
    <span className="inline-flex items-center gap-2">
      {error && <span className="text-xs text-red-800">{error}</span>}
      <button disabled={pending} onClick={() => run({ action: "rescan", threshold })} className={`${button} border border-stone-300 bg-white text-stone-700 hover:bg-stone-100`}>
        Rescan
      </button>
    </span>
  );
}

/** Re-renders the page every few seconds while a scan job is queued or running. */
export function RefreshWhileScanning() {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}
