import Link from "next/link";

/** An honest page for a capability that is not built yet: says what it will do, shows nothing fake. */
export function PendingPage({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="mx-auto max-w-2xl space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="text-stone-600">{children}</div>
      <p className="text-sm text-stone-500">
        <Link href="/" className="text-sky-700 hover:underline">
          Back to your decks
        </Link>
      </p>
    </section>
  );
}
