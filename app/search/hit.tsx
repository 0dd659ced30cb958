"use client";

import Link from "next/link";
import { useState } from "react";
import type { SearchResult, SimilarCard } from "@/lib/search";
import { Highlighted } from "./highlighted";
import { sourceHref, sourceLabel, type Source } from "./source-link";

// Hits are shown as plain text (whitespace kept) with matched words marked. TODO(lead): render
// Markdown with lib/markdown's renderer once it exists, marking words in the rendered text nodes.
function Body({ text, words, className = "" }: { text: string; words: string[]; className?: string }) {
  return (
    <p className={`whitespace-pre-wrap break-words ${className}`}>
      <Highlighted text={text} words={words} />
    </p>
  );
}

function SourceLink({ source }: { source: Source }) {
  const label = sourceLabel(source);
  const href = sourceHref(source);
  if (!label || !href) return null;
  return (
    <Link href={href} className="font-mono text-xs text-sky-700 hover:underline">
      from {label}
    </Link>
  );
}

function SimilarCards({ cardId }: { cardId: string }) {
  const [state, setState] = useState<{ open: boolean; cards?: SimilarCard[]; error?: string }>({ open: false });
  async function toggle() {
    if (state.open) return setState({ ...state, open: false });
    setState({ ...state, open: true });
    if (state.cards) return;
    try {
      const response = await fetch(`/api/cards/${encodeURIComponent(cardId)}/similar?limit=5`);
      const body = (await response.json()) as { results?: SimilarCard[]; error?: string };
      setState({ open: true, cards: body.results, error: body.error });
    } catch {
      setState({ open: true, error: "Could not reach the server." });
    }
  }
  return (
    <div>
      <button onClick={toggle} aria-expanded={state.open} className="text-xs font-medium text-stone-600 hover:text-stone-900">
        {state.open ? "▾" : "▸"} Similar cards
      </button>
      {state.open && (
        <div className="mt-2 border-l-2 border-stone-200 pl-3 text-sm">
          {state.error && <p className="text-red-800">{state.error}</p>}
          {!state.error && !state.cards && <p className="text-stone-500">Loading…</p>}
          {state.cards?.length === 0 && <p className="text-stone-500">No similar cards (or this card is not embedded yet).</p>}
          <ul className="space-y-2">
            {state.cards?.map((card) => (
              <li key={card.id}>
                <span className="font-medium">{card.front}</span>{" "}
                <span className="text-xs text-stone-500">
                  {card.deck} · {card.similarity.toFixed(2)}
                </span>{" "}
                <SourceLink source={card.source} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function Hit({ id, result, selected, onSelect }: { id: string; result: SearchResult; selected: boolean; onSelect: () => void }) {
  const words = result.highlights;
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      onMouseEnter={onSelect}
      data-testid="search-hit"
      className={`rounded-lg border bg-white p-4 transition-shadow ${selected ? "border-stone-500 shadow-md" : "border-stone-200"}`}
    >
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <span className={`rounded px-1.5 py-0.5 font-medium ${result.type === "card" ? "bg-sky-100 text-sky-800" : "bg-emerald-100 text-emerald-800"}`}>
          {result.type === "card" ? "card" : "note"}
        </span>
        <span className="text-stone-600">{result.deck}</span>
        <SourceLink source={result.source} />
        <span className="ml-auto tabular-nums text-stone-400" title="relevance (comparable within this list)">
          {result.score.toFixed(2)}
        </span>
      </div>
      {result.type === "card" ? (
        <div className="space-y-1">
          <Body text={result.front ?? ""} words={words} className="font-medium" />
          {result.back && <Body text={result.back} words={words} className="line-clamp-4 text-sm text-stone-700" />}
          <div className="pt-1">
            <SimilarCards cardId={result.id} />
          </div>
        </div>
      ) : (
        <Body text={result.text ?? ""} words={words} className="line-clamp-6 text-sm text-stone-700" />
      )}
    </li>
  );
}
