export const metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  return (
    <section className="mx-auto max-w-sm space-y-4 rounded-xl border border-stone-200 bg-white p-6">
      <h1 className="text-xl font-semibold tracking-tight">Log in to Recall</h1>
      {error && (
        <p role="alert" className="text-sm text-red-800">
          Wrong password.
        </p>
      )}
      <form method="post" action="/api/login" className="space-y-3">
        <input type="hidden" name="next" value={next ?? "/"} />
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Password</span>
          <input type="password" name="password" autoFocus required autoComplete="current-password" className="rounded-md border border-stone-300 px-3 py-2" />
        </label>
        <button type="submit" className="w-full rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white hover:bg-stone-700">
          Log in
        </button>
      </form>
    </section>
  );
}
