"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { plural } from "@/lib/plural";
import { Hit } from "./hit";
import type { RenderedResult } from "./rendered";
import { sourceHref } from "./source-link";

type Mode = "hybrid" | "semantic" | "keyword";
const MODES: { value: Mode; label: string; title: string }[] = [
  { value: "hybrid", label: "Best", title: "meaning and words together" },
  { value: "semantic", label: "Meaning", title: "by meaning only" },
  { value: "keyword", label: "Words", title: "exact words only (\"phrases\", -exclude, or)" },
];
const DEBOUNCE_MS = 200;

interface SearchState {
  query: string;
  mode: Mode;
  deck: string;
  type: "" | "card" | "passage";
  results: RenderedResult[];
  error: string | null;
}

type Filters = Pick<SearchState, "query" | "mode" | "deck" | "type">;

/**
 * The search the URL asks for. The box rewrites the URL as you type without a navigation, so after
 * Back Next.js may show the page as it was first rendered (empty box): the URL, not the server's
 * props, says what to show.
 */
function filtersFromUrl(params: { get(name: string): string | null }): Filters {
  const mode = MODES.find((m) => m.value === params.get("mode"))?.value ?? "hybrid";
  const type = params.get("type");
  return { query: params.get("q") ?? "", mode, deck: params.get("deck") ?? "", type: type === "card" || type === "passage" ? type : "" };
}

const sameFilters = (a: Filters, b: Filters) => a.query === b.query && a.mode === b.mode && a.deck === b.deck && a.type === b.type;

function searchUrl(base: string, state: Filters): string {
  const params = new URLSearchParams({ q: state.query });
  if (state.mode !== "hybrid") params.set("mode", state.mode);
  if (state.deck) params.set("deck", state.deck);
  if (state.type) params.set("type", state.type);
  return `${base}?${params}`;
}

/** The search box: answers as you type (debounced), keyboard navigable, keeps the URL in step. */
export function SearchBox({ decks, initial }: { decks: string[]; initial: SearchState }) {
  const router = useRouter();
  const listId = useId();
  const urlFilters = filtersFromUrl(useSearchParams());
  const serverRendered = sameFilters(urlFilters, initial);
  const [query, setQuery] = useState(urlFilters.query);
  const [mode, setMode] = useState<Mode>(urlFilters.mode);
  const [deck, setDeck] = useState(urlFilters.deck);
  const [type, setType] = useState(urlFilters.type);
  const [results, setResults] = useState(serverRendered ? initial.results : []);
  const [error, setError] = useState(serverRendered ? initial.error : null);
  const [loading, setLoading] = useState(!serverRendered && urlFilters.query.trim() !== "");
  const [selected, setSelected] = useState(0);
  // The server already rendered the results for the URL's search (unless it rendered another one).
  const renderedByServer = useRef(serverRendered);

  useEffect(() => {
    if (renderedByServer.current) {
      renderedByServer.current = false;
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      window.history.replaceState(null, "", query.trim() || deck || type || mode !== "hybrid" ? searchUrl("/search", { query, mode, deck, type }) : "/search");
      if (!query.trim()) {
        setResults([]);
        setError(null);
        return;
      }
      setLoading(true);
      try {
        const response = await fetch(searchUrl("/api/search", { query, mode, deck, type }), { signal: controller.signal });
        const body = (await response.json()) as { results?: RenderedResult[]; error?: string };
        setResults(body.results ?? []);
        setError(body.error ?? (response.ok ? null : `search failed (HTTP ${response.status})`));
        setSelected(0);
      } catch (caught) {
        if ((caught as Error).name !== "AbortError") setError("Could not reach the server. Is Recall still running?");
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, mode, deck, type]);

  useEffect(() => {
    document.getElementById(`${listId}-${selected}`)?.scrollIntoView({ block: "nearest" });
  }, [selected, listId]);

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setSelected((current) => Math.min(Math.max(current + step, 0), Math.max(results.length - 1, 0)));
    } else if (event.key === "Enter" && results[selected]) {
      event.preventDefault();
      const href = sourceHref(results[selected].source);
      if (href) router.push(href);
    }
  }

  const selectClass = "rounded-md border border-stone-300 bg-white px-2 py-1.5 text-sm text-stone-700";
  return (
    <div className="space-y-4">
      <div className="space-y-3 rounded-lg border border-stone-200 bg-white p-4">
        <input
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="e.g. how do you stop a model from memorising its training set"
          aria-label="Search cards and notes"
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls={listId}
          aria-activedescendant={results.length > 0 ? `${listId}-${selected}` : undefined}
          autoFocus
          maxLength={1000}
          className="w-full rounded-md border border-stone-300 px-3 py-2 text-base outline-none focus:border-stone-500 focus:ring-2 focus:ring-stone-200"
        />
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <div role="radiogroup" aria-label="Search mode" className="inline-flex rounded-md border border-stone-300 p-0.5">
            {MODES.map((m) => (
              <button
                key={m.value}
                role="radio"
                aria-checked={mode === m.value}
                title={m.title}
                onClick={() => setMode(m.value)}
                className={`rounded px-3 py-1 font-medium ${mode === m.value ? "bg-stone-900 text-white" : "text-stone-600 hover:bg-stone-100"}`}
              >
                {m.label}
              </button>
            ))}
          </div>
          <select value={deck} onChange={(event) => setDeck(event.target.value)} aria-label="Deck" className={selectClass}>
            <option value="">All decks</option>
            {decks.map((path) => (
              <option key={path} value={path}>
                {path}
              </option>
            ))}
          </select>
          <select value={type} onChange={(event) => setType(event.target.value as SearchState["type"])} aria-label="Cards or notes" className={selectClass}>
            <option value="">Cards and notes</option>
            <option value="card">Cards only</option>
            <option value="passage">Notes only</option>
          </select>
          <span className="ml-auto text-stone-500" aria-live="polite">
            {loading ? "searching…" : query.trim() ? plural(results.length, "result") : ""}
          </span>
        </div>
      </div>

      {error && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          {error}
        </p>
      )}
      {!error && query.trim() && !loading && results.length === 0 && (
        <p className="rounded-lg border border-dashed border-stone-300 bg-white px-4 py-6 text-center text-sm text-stone-600">
          Nothing matches. Try other words, or the “Meaning” mode.
        </p>
      )}
      <ul id={listId} role="listbox" aria-label="Results" className="space-y-3">
        {results.map((result, index) => (
          <Hit key={`${result.type}:${result.id}`} id={`${listId}-${index}`} result={result} selected={index === selected} onSelect={() => setSelected(index)} />
        ))}
      </ul>
    </div>
  );
}
