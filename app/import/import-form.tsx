"use client";

import Link from "next/link";
import { useState } from "react";
import type { FileReport, ImportResult } from "@/lib/importer";
import { plural } from "@/lib/plural";
import { ImportCheck } from "./import-check";

/** What /api/import and /api/import/upload answer (or `error` for a refused request). */
type ImportResponse = Pick<ImportResult, "importId" | "summary" | "files" | "errors" | "warnings"> & { error?: string };

const statusStyle: Record<FileReport["status"], string> = {
  imported: "text-emerald-700",
  unchanged: "text-stone-500",
  failed: "text-red-700",
  missing: "text-amber-700",
};

export function ImportForm({ notesDir }: { notesDir: string }) {
  const [path, setPath] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResponse | null>(null);

  async function send(request: Promise<Response>) {
    setBusy(true);
    setResult(null);
    try {
      const response = await request;
      setResult(await response.json());
    } catch (error) {
      setResult({ error: (error as Error).message } as ImportResponse);
    } finally {
      setBusy(false);
    }
  }

  function runImport(event: React.FormEvent) {
    event.preventDefault();
    void send(fetch("/api/import", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ paths: path.trim() ? [path.trim()] : [] }) }));
  }

  function upload(files: FileList | null) {
    if (!files || files.length === 0) return;
    const form = new FormData();
    for (const file of Array.from(files)) form.append("files", file);
    void send(fetch("/api/import/upload", { method: "POST", body: form }));
  }

  const issuesOf = (file: string) => [...(result?.errors ?? []), ...(result?.warnings ?? [])].filter((issue) => issue.path === file);

  return (
    <div className="space-y-6">
      <form onSubmit={runImport} className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-4">
        <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
          <span className="font-medium">File or folder inside {notesDir}</span>
          <input
            value={path}
            onChange={(event) => setPath(event.target.value)}
            placeholder="(empty: the whole notes folder)"
            className="rounded-md border border-stone-300 px-3 py-2 font-mono text-sm"
            name="path"
          />
        </label>
        <button type="submit" disabled={busy} className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white hover:bg-stone-700 disabled:opacity-50">
          {busy ? "Importing…" : "Import"}
        </button>
      </form>

      <label className="flex flex-wrap items-center gap-3 rounded-lg border border-dashed border-stone-300 bg-white p-4 text-sm">
        <span className="font-medium">Or upload notes</span>
        <input type="file" accept=".md,.markdown,.txt" multiple disabled={busy} onChange={(event) => upload(event.target.files)} aria-label="Upload Markdown notes" />
        <span className="text-stone-500">They are saved as new files in {notesDir}/uploads, then imported.</span>
      </label>

      {result?.error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {result.error}
        </p>
      )}

      {result && !result.error && (
        <section className="space-y-3" data-testid="import-result">
          <p className="text-sm">
            <strong>{result.summary.added}</strong> added · <strong>{result.summary.updated}</strong> updated ·{" "}
            <strong>{result.summary.unchanged}</strong> unchanged · <strong>{result.summary.retired}</strong> retired
            {result.summary.restored > 0 && <> · <strong>{result.summary.restored}</strong> restored</>}
            {" — "}
            <Link href="/" className="text-sky-700 hover:underline">
              see your decks
            </Link>
          </p>
          <ul className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white text-sm">
            {result.files.map((file) => (
              <li key={file.path} className="px-4 py-2">
                <div className="flex flex-wrap justify-between gap-2">
                  <span className="font-mono">{file.path}</span>
                  <span className={statusStyle[file.status]}>
                    {file.status === "imported" && `${plural(file.cards, "card")} (+${file.added}, ${file.updated} updated, ${file.retired} retired)`}
                    {file.status === "unchanged" && `unchanged, ${plural(file.cards, "card")}`}
                    {file.status === "failed" && "failed"}
                    {file.status === "missing" && `file gone, ${plural(file.retired, "card")} retired`}
                  </span>
                </div>
                {issuesOf(file.path).map((issue, i) => (
                  <p key={i} className="mt-1 text-xs text-red-800">
                    line {issue.line}: {issue.message}
                  </p>
                ))}
              </li>
            ))}
          </ul>
          {result.importId && <ImportCheck key={result.importId} importId={result.importId} />}
          {result.errors
            .filter((issue) => !result.files.some((file) => file.path === issue.path))
            .map((issue, i) => (
              <p key={i} role="alert" className="text-sm text-red-800">
                {issue.path}: {issue.message}
              </p>
            ))}
        </section>
      )}
    </div>
  );
}
