"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { SimilarCard } from "@/lib/search";
import { Clipped } from "./clipped";
import { markWords } from "./highlight-html";
import type { RenderedResult } from "./rendered";
import { sourceHref, sourceLabel, type Source } from "./source-link";

/** Rendered Markdown (sanitised on the server by lib/markdown) with the matched words marked. */
function Body({ html, words, className = "" }: { html: string; words: string[]; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) markWords(ref.current, words);
  }, [html, words]);
  return <div ref={ref} className={`prose-recall ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
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
              <li key={card.id} data-testid="similar-card">
                <p className="font-medium">{card.front}</p>
                <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-stone-500">
                  <span>
                    {card.deck} · {card.similarity.toFixed(2)}
                  </span>
                  <SourceLink source={card.source} />
                </p>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function Hit({ id, result, selected, onSelect }: { id: string; result: RenderedResult; selected: boolean; onSelect: () => void }) {
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
          <Body html={result.html.front ?? ""} words={words} className="font-medium" />
          {result.html.back && (
            <Clipped limit="max-h-40">
              <Body html={result.html.back} words={words} className="text-sm text-stone-700" />
            </Clipped>
          )}
          <div className="pt-1">
            <SimilarCards cardId={result.id} />
          </div>
        </div>
      ) : (
        <Clipped limit="max-h-48">
          <Body html={result.html.text ?? ""} words={words} className="text-sm text-stone-700" />
        </Clipped>
      )}
    </li>
  );
}
