export default function Loading() {
  return (
    <div className="space-y-2" aria-busy="true">
      <h1 className="text-2xl font-semibold tracking-tight">Duplicates</h1>
      <p className="text-sm text-stone-600">Loading the last scan…</p>
    </div>
  );
}
