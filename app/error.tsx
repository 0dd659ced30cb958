"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="mx-auto max-w-2xl rounded-xl border border-red-200 bg-red-50 p-6 text-red-900" role="alert">
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="mt-2 whitespace-pre-wrap text-sm">{error.message}</p>
      <button onClick={reset} className="mt-4 rounded-md bg-red-900 px-3 py-1.5 text-sm text-white">
        Try again
      </button>
    </section>
  );
}
