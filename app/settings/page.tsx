import { getDatabase } from "@/lib/db";
import { settingsLevels } from "./settings-data";
import { ReviewSettingsEditor } from "./review-settings-editor";
import { OptimizerPanel } from "./optimizer-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const db = await getDatabase();
  const levels = await settingsLevels(db.prisma);
  const reviews = await db.prisma.reviewLog.count({ where: { source: "review" } });
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="text-sm text-stone-600">Review scheduling for the whole collection, overridable per deck (a deck inherits from its parent decks).</p>
      </div>
      <ReviewSettingsEditor initial={JSON.parse(JSON.stringify(levels))} />
      <OptimizerPanel reviews={reviews} />
      <section className="space-y-2 rounded-lg border border-stone-200 bg-white p-4" data-testid="backup">
        <h2 className="font-medium">Backup and export</h2>
        <p className="text-sm text-stone-600">
          The JSON backup holds everything (cards, schedules, history, grades, settings); restore it with{" "}
          <code className="rounded bg-stone-100 px-1">npm run cards -- restore backup.json</code>.
        </p>
        <div className="flex flex-wrap gap-2 text-sm">
          <a href="/api/export?format=json" className="rounded-md bg-stone-900 px-3 py-1.5 font-medium text-white hover:bg-stone-700">JSON backup</a>
          <a href="/api/export?format=csv" className="rounded-md border border-stone-300 px-3 py-1.5 hover:bg-stone-100">Cards as CSV</a>
          <a href="/api/export?format=apkg" className="rounded-md border border-stone-300 px-3 py-1.5 hover:bg-stone-100">Anki package (.apkg)</a>
        </div>
      </section>
    </div>
  );
}
