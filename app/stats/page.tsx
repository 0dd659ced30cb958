import Link from "next/link";
import { getDatabase } from "@/lib/db";
import { getStats } from "@/lib/review";
import { StatsCharts } from "./stats-charts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Stats" };

const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)}%`);

export default async function StatsPage() {
  const db = await getDatabase();
  const stats = await getStats(db.prisma);
  const today = stats.reviewsPerDay.at(-1);
  const reviewedToday = today ? today.new + today.learning + today.review + today.relearning : 0;
  const month = stats.retention.find((r) => r.period === "30d");

  if (stats.activeCards === 0) {
    return (
      <section className="mx-auto max-w-2xl space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight">Stats</h1>
        <p className="text-stone-600">
          No cards yet. <Link href="/import" className="font-medium text-sky-700 hover:underline">Import your notes</Link>, review a few days, and your
          statistics appear here.
        </p>
      </section>
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Stats</h1>
        <p className="text-sm text-stone-600">
          {stats.activeCards} active cards · {stats.totalReviews} reviews in total
        </p>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="stats-summary">
        <Figure label="Reviewed today" value={String(reviewedToday)} testId="reviewed-today" />
        <Figure label="Due today" value={String(stats.forecast[0]?.due ?? 0)} />
        <Figure label="Retention, 30 days" value={percent(month?.retention ?? null)} hint={`desired ${percent(stats.desiredRetention)}`} />
        <Figure label="New cards" value={String(stats.counts.new)} />
      </dl>
      <StatsCharts stats={JSON.parse(JSON.stringify(stats))} />
    </div>
  );
}

function Figure({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-4">
      <dt className="text-xs text-stone-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {hint && <dd className="text-xs text-stone-500">{hint}</dd>}
    </div>
  );
}
