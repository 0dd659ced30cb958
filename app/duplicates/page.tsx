import Link from "next/link";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { sharedJobQueue, storedDuplicateScan } from "@/lib/jobs";
import { DEFAULT_DUPLICATE_THRESHOLD, sharedEmbedder, type DuplicateCard } from "@/lib/search";
import { plural } from "@/lib/plural";
import { age } from "../age";
import { Markdown } from "../markdown";
import { Clipped } from "../search/clipped";
import { CardActions, DismissCluster, RefreshWhileScanning, RescanButton } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Duplicates" };

const Threshold = z.coerce.number().min(0.5).max(1).catch(DEFAULT_DUPLICATE_THRESHOLD);
const RATING = ["", "Again", "Hard", "Good", "Easy"];
const RATING_COLOUR = ["", "bg-red-500", "bg-amber-400", "bg-emerald-500", "bg-sky-500"];

function History({ card }: { card: DuplicateCard }) {
  if (card.reviews === 0) return <p className="text-xs text-stone-500">never reviewed</p>;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-stone-600">
      <span>
        {plural(card.reviews, "review")}
        {card.lastReviewedAt && `, last ${card.lastReviewedAt.toISOString().slice(0, 10)}`}
      </span>
      <span className="flex gap-0.5" aria-label={`recent ratings: ${card.recentRatings.map((r) => RATING[r]).join(", ")}`}>
        {card.recentRatings.map((rating, i) => (
          <span key={i} title={RATING[rating]} className={`h-2.5 w-2.5 rounded-full ${RATING_COLOUR[rating]}`} />
        ))}
      </span>
    </div>
  );
}

// Comparing every card with its neighbours takes seconds per thousand cards, so the page shows the
// last scan (a background job) rather than scanning on every visit.
export default async function DuplicatesPage({ searchParams }: { searchParams: Promise<{ threshold?: string }> }) {
  const threshold = Threshold.parse((await searchParams).threshold);
  const db = await getDatabase();
  const jobs = await sharedJobQueue();
  const scan = await storedDuplicateScan(db.prisma, sharedEmbedder().model, threshold);
  const { "duplicate-scan": scanJobs } = await jobs.counts();
  let scanning = scanJobs.queued + scanJobs.active > 0;
  if (!scan && !scanning) scanning = await jobs.enqueue("duplicate-scan", { threshold });
  const clusters = scan?.clusters ?? [];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Duplicates</h1>
          {scan ? (
            <p className="text-sm text-stone-600">
              {clusters.length === 0
                ? `No near-duplicate cards at similarity ≥ ${threshold}.`
                : `${plural(clusters.length, "group")} of cards that ask the same thing at similarity ≥ ${threshold}. Keeping one retires the others into it; nothing is deleted.`}
            </p>
          ) : (
            <p className="text-sm text-stone-600">Looking for near-duplicate cards at similarity ≥ {threshold}… this page updates when the scan is done.</p>
          )}
          <p className="mt-1 flex items-center gap-2 text-xs text-stone-500" data-testid="scan-status">
            {scan && <span>Scanned {age(scan.scannedAt)}.</span>}
            {scanning ? <span>{scanJobs.active > 0 ? "Scanning now…" : jobs.working ? "Scan queued…" : "Scan queued for a worker (`cards worker`)…"}</span> : <RescanButton threshold={threshold} />}
          </p>
          {scanning && <RefreshWhileScanning />}
        </div>
        <form className="flex items-center gap-2 text-sm">
          <label htmlFor="threshold" className="text-stone-600">
            Similarity ≥
          </label>
          <input id="threshold" name="threshold" type="number" min={0.5} max={1} step={0.01} defaultValue={threshold} className="w-20 rounded-md border border-stone-300 px-2 py-1" />
          <button className="rounded-md border border-stone-300 bg-white px-3 py-1 font-medium hover:bg-stone-100">Scan</button>
        </form>
      </div>

      {scan && clusters.length === 0 && (
        <p className="rounded-lg border border-dashed border-stone-300 bg-white px-4 py-6 text-center text-sm text-stone-600">
          Nothing to tidy up. Lower the similarity to see looser matches, or <Link href="/search" className="text-sky-700 hover:underline">search</Link> your cards.
        </p>
      )}
      {clusters.map((cluster) => {
        const ids = cluster.cards.map((card) => card.id);
        return (
          <section key={ids.join()} className="rounded-lg border border-stone-200 bg-white p-4" data-testid="duplicate-cluster">
            <div className="mb-3 flex items-center justify-between gap-3">
              <p className="text-sm text-stone-600">
                {/* Rounded down: a 0.898 pair shown as "0.90" would look above a 0.9 threshold it is below. */}
                <span className="rounded bg-amber-100 px-1.5 py-0.5 font-medium tabular-nums text-amber-900" title="similarity of the closest pair">
                  {(Math.floor(cluster.similarity * 100) / 100).toFixed(2)}
                </span>{" "}
                {cluster.cards.length} cards
              </p>
              <DismissCluster ids={ids} />
            </div>
            <div className={`grid gap-3 sm:grid-cols-2 ${cluster.cards.length > 2 ? "lg:grid-cols-3" : ""}`}>
              {cluster.cards.map((card) => (
                <article key={card.id} className="flex min-w-0 flex-col gap-2 rounded-md border border-stone-200 p-3">
                  <p className="text-xs text-stone-500">{card.deck}</p>
                  <Markdown source={card.front} className="font-medium" />
                  <Clipped limit="max-h-40" expandable>
                    <Markdown source={card.back} className="text-sm text-stone-700" />
                  </Clipped>
                  <div className="mt-auto space-y-2 pt-2">
                    <History card={card} />
                    <CardActions cardId={card.id} clusterIds={ids} />
                  </div>
                </article>
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
