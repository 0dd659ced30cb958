"use client";

import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { CollectionStats } from "@/lib/review";

const COLORS = { new: "#0284c7", learning: "#dc2626", relearning: "#ea580c", review: "#059669" };
const RANGES = [
  { days: 30, label: "1 month" },
  { days: 90, label: "3 months" },
  { days: 365, label: "1 year" },
];

const shortDay = (day: string) => day.slice(5);
const asPercent = (value: number) => `${Math.round(value * 100)}%`;

function Panel({ title, children, testId, note }: { title: string; children: React.ReactNode; testId: string; note?: string }) {
  return (
    <section className="min-w-0 rounded-lg border border-stone-200 bg-white p-4" data-testid={testId}>
      <h2 className="font-medium">{title}</h2>
      {note && <p className="text-xs text-stone-500">{note}</p>}
      <div className="mt-3">{children}</div>
    </section>
  );
}

type DayRow = CollectionStats["reviewsPerDay"][number];

/** The last `days` days, zeros before the first review, so a young collection's bars keep their width. */
function lastDays(rows: DayRow[], days: number): DayRow[] {
  const last = rows.at(-1)?.day ?? new Date().toISOString().slice(0, 10);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(end - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, new: 0, learning: 0, review: 0, relearning: 0 };
  });
}

/** All the charts of the Stats page; `stats` is CollectionStats after JSON (dates as strings). */
export function StatsCharts({ stats }: { stats: CollectionStats }) {
  const [range, setRange] = useState(90);
  const perDay = lastDays(stats.reviewsPerDay, range);
  const deckRetention = stats.retentionByDeck
    .filter((d) => d.retention !== null)
    .map((d) => ({ deck: stats.deckPaths[d.deckId] ?? d.deckId, retention: d.retention, reviews: d.reviews }))
    .sort((a, b) => (a.deck < b.deck ? -1 : 1));
  const periodRetention = stats.retention.map((r) => ({ period: r.period === "all" ? "all time" : r.period, retention: r.retention, reviews: r.reviews }));
  const stateCounts = (["new", "learning", "relearning", "review"] as const)
    .map((state) => ({ state, name: `${state} ${stats.counts[state]}`, count: stats.counts[state] }))
    .filter((s) => s.count > 0);

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="min-w-0 lg:col-span-2">
        <Panel title="Reviews per day" testId="chart-reviews" note="By the card's state when it was answered.">
          <div className="mb-2 flex gap-1 text-xs">
            {RANGES.map((r) => (
              <button
                key={r.days}
                type="button"
                onClick={() => setRange(r.days)}
                className={`rounded px-2 py-1 ${range === r.days ? "bg-stone-900 text-white" : "text-stone-600 hover:bg-stone-200"}`}
              >
                {r.label}
              </button>
            ))}
          </div>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={perDay}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tickFormatter={shortDay} fontSize={11} minTickGap={16} />
              <YAxis allowDecimals={false} fontSize={11} width={36} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {(["new", "learning", "relearning", "review"] as const).map((key) => (
                <Bar key={key} dataKey={key} stackId="reviews" fill={COLORS[key]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </Panel>
      </div>

      <div className="min-w-0 lg:col-span-2">
        <Panel title="Calendar" testId="chart-heatmap" note="Reviews per day over the last year.">
          <Heatmap days={stats.heatmap} today={stats.reviewsPerDay.at(-1)?.day ?? stats.forecast[0]?.day} />
        </Panel>
      </div>

      <Panel title="True retention" testId="chart-retention" note={`Share of review answers that were not Again; the line is your desired retention (${asPercent(stats.desiredRetention)}).`}>
        {periodRetention.every((r) => r.retention === null) ? (
          <p className="text-sm text-stone-500">No review answers yet: retention counts answers to cards in the review state.</p>
        ) : (
          <ResponsiveContainer width="100%" height={200}>
            <BarChart data={periodRetention}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="period" fontSize={11} />
              <YAxis domain={[0, 1]} tickFormatter={asPercent} fontSize={11} width={40} />
              <Tooltip formatter={(value) => (typeof value === "number" ? asPercent(value) : "—")} />
              <ReferenceLine y={stats.desiredRetention} stroke="#1c1917" strokeDasharray="4 4" />
              <Bar dataKey="retention" fill="#059669" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </Panel>

      <Panel title="Retention by deck" testId="chart-retention-decks" note="All time, review answers only.">
        {deckRetention.length === 0 ? (
          <p className="text-sm text-stone-500">No review answers yet (answers to new and learning cards don&apos;t count).</p>
        ) : (
          <ResponsiveContainer width="100%" height={Math.max(120, deckRetention.length * 28 + 40)}>
            <BarChart data={deckRetention} layout="vertical" margin={{ left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" domain={[0, 1]} tickFormatter={asPercent} fontSize={11} />
              <YAxis type="category" dataKey="deck" width={110} fontSize={11} />
              <Tooltip formatter={(value) => (typeof value === "number" ? asPercent(value) : "—")} />
              <ReferenceLine x={stats.desiredRetention} stroke="#1c1917" strokeDasharray="4 4" />
              <Bar dataKey="retention" fill="#0d9488" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </Panel>

      <Panel title="Due in the next 30 days" testId="chart-forecast" note="Overdue cards count for today.">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={stats.forecast}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} fontSize={11} minTickGap={16} />
            <YAxis allowDecimals={false} fontSize={11} width={36} />
            <Tooltip />
            <Bar dataKey="due" fill="#0284c7" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Panel>

      <Panel title="Cards by state" testId="chart-states">
        <ResponsiveContainer width="100%" height={200}>
          <PieChart>
            <Pie data={stateCounts} dataKey="count" nameKey="name" innerRadius={45} outerRadius={75} isAnimationActive={false}>
              {stateCounts.map((s) => (
                <Cell key={s.state} fill={COLORS[s.state]} />
              ))}
            </Pie>
            <Tooltip />
            <Legend layout="vertical" align="right" verticalAlign="middle" wrapperStyle={{ fontSize: 12 }} />
          </PieChart>
        </ResponsiveContainer>
      </Panel>

      <Panel title="Difficulty" testId="chart-difficulty" note="Cards you have started, by FSRS difficulty.">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={stats.difficulty}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="bucket" fontSize={10} interval={0} angle={-30} textAnchor="end" height={44} />
            <YAxis allowDecimals={false} fontSize={11} width={36} />
            <Tooltip />
            <Bar dataKey="count" fill="#b45309" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Panel>

      <Panel title="Stability" testId="chart-stability" note="How long until recall drops to 90%.">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={stats.stability}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="bucket" fontSize={10} interval={0} angle={-30} textAnchor="end" height={44} />
            <YAxis allowDecimals={false} fontSize={11} width={36} />
            <Tooltip />
            <Bar dataKey="count" fill="#7c3aed" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Panel>
    </div>
  );
}

const DAY_MS = 86_400_000;
const CELL = 11;
const GAP = 2;

/** GitHub-style year calendar: one square per day, columns are weeks, darker is more reviews. */
function Heatmap({ days, today }: { days: { day: string; count: number }[]; today?: string }) {
  const end = Date.parse(`${today ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const counts = new Map(days.map((d) => [d.day, d.count]));
  const max = Math.max(1, ...days.map((d) => d.count));
  const firstDay = end - 52 * 7 * DAY_MS - new Date(end).getUTCDay() * DAY_MS;
  const cells: { day: string; count: number; x: number; y: number }[] = [];
  for (let t = firstDay; t <= end; t += DAY_MS) {
    const index = Math.round((t - firstDay) / DAY_MS);
    const day = new Date(t).toISOString().slice(0, 10);
    cells.push({ day, count: counts.get(day) ?? 0, x: Math.floor(index / 7), y: index % 7 });
  }
  const shade = (count: number) => {
    if (count === 0) return "#e7e5e4";
    const level = Math.ceil((count / max) * 4);
    return ["#bbf7d0", "#4ade80", "#16a34a", "#166534"][level - 1];
  };
  const weeks = cells.at(-1)!.x + 1;
  return (
    <div className="overflow-x-auto">
      <svg width={weeks * (CELL + GAP)} height={7 * (CELL + GAP)} role="img" aria-label="Reviews per day over the last year">
        {cells.map((cell) => (
          <rect key={cell.day} x={cell.x * (CELL + GAP)} y={cell.y * (CELL + GAP)} width={CELL} height={CELL} rx={2} fill={shade(cell.count)}>
            <title>{`${cell.day}: ${cell.count} reviews`}</title>
          </rect>
        ))}
      </svg>
    </div>
  );
}
