"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { GradeView, noteHref, useGrader } from "../grade-view";
import type { ReviewCardView, ReviewView } from "./payload";

type Rating = 1 | 2 | 3 | 4;

const RATINGS: { rating: Rating; label: string; style: string }[] = [
  { rating: 1, label: "Again", style: "border-red-200 bg-red-50 text-red-900 hover:bg-red-100" },
  { rating: 2, label: "Hard", style: "border-amber-200 bg-amber-50 text-amber-900 hover:bg-amber-100" },
  { rating: 3, label: "Good", style: "border-emerald-200 bg-emerald-50 text-emerald-900 hover:bg-emerald-100" },
  { rating: 4, label: "Easy", style: "border-sky-200 bg-sky-50 text-sky-900 hover:bg-sky-100" },
];
const TYPING_KEY = "recall.review.typeAnswers";
const TYPING_EVENT = "recall:type-answers";

/** "Type answers" is remembered in this browser (localStorage), shared by all tabs. */
function subscribeTyping(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(TYPING_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(TYPING_EVENT, onChange);
  };
}
const typingEnabled = () => window.localStorage.getItem(TYPING_KEY) === "1";
function setTypingEnabled(on: boolean) {
  window.localStorage.setItem(TYPING_KEY, on ? "1" : "0");
  window.dispatchEvent(new Event(TYPING_EVENT));
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.isContentEditable);
}

function whenDue(iso: string): string {
  const at = new Date(iso);
  const minutes = Math.round((at.getTime() - Date.now()) / 60_000);
  if (minutes <= 0) return "now (held back by today's limits)";
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const phrase =
    minutes < 60 ? relative.format(minutes, "minute") : minutes < 48 * 60 ? relative.format(Math.round(minutes / 60), "hour") : relative.format(Math.round(minutes / 1440), "day");
  return `${phrase} (${at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })})`;
}

/** The review screen: front, reveal, rate, with undo, bury, suspend and an optional typed answer. */
export function ReviewSession({ initial, deck }: { initial: ReviewView; deck?: string }) {
  const [view, setView] = useState<ReviewView>(initial);
  const [revealed, setRevealed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const typing = useSyncExternalStore(subscribeTyping, typingEnabled, () => false);
  const [typed, setTyped] = useState("");
  const shownAt = useRef(0);
  const { state: gradeState, grade, reset: resetGrade } = useGrader();
  const card = view.card;

  useEffect(() => {
    shownAt.current = Date.now();
  }, []);

  const show = useCallback(
    (next: ReviewView) => {
      setView(next);
      setRevealed(false);
      setTyped("");
      resetGrade();
      shownAt.current = Date.now();
    },
    [resetGrade],
  );

  /** Posts to a review route; the reply carries the next card. A card changed elsewhere reloads the queue. */
  const post = useCallback(
    async (url: string, body: object): Promise<Record<string, unknown> | null> => {
      setBusy(true);
      setError(null);
      try {
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...body, deck }) });
        const data = await response.json().catch(() => ({ error: response.statusText }));
        if (!response.ok) {
          if (response.status === 409 && data.code === "StaleAnswerError") {
            const fresh = await fetch(`/api/review/next${deck ? `?deck=${encodeURIComponent(deck)}` : ""}`).then((r) => r.json());
            show(fresh);
          }
          setError(data.error ?? "Something went wrong");
          return null;
        }
        if (data.next) show(data.next as ReviewView);
        return data;
      } catch (caught) {
        setError(`Could not reach Recall: ${(caught as Error).message}`);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [deck, show],
  );

  const reveal = useCallback(() => {
    if (!card || revealed) return;
    if (typing && typed.trim() !== "") void grade(card.id, typed);
    (document.activeElement as HTMLElement | null)?.blur();
    setRevealed(true);
  }, [card, revealed, typing, typed, grade]);

  const rate = useCallback(
    async (rating: Rating) => {
      if (!card || !revealed || busy) return;
      const label = RATINGS[rating - 1].label;
      const interval = card.previews[rating];
      const data = await post("/api/review/answer", {
        cardId: card.id,
        rating,
        idempotencyKey: card.idempotencyKey,
        shown: card.shown,
        durationMs: Math.max(0, Date.now() - shownAt.current),
      });
      if (data) setNotice((data.answer as { duplicate: boolean }).duplicate ? "That answer was already recorded." : `${label}: next in ${interval}.`);
    },
    [card, revealed, busy, post],
  );

  const undo = useCallback(async () => {
    if (busy) return;
    const data = await post("/api/review/undo", {});
    if (data) setNotice(`Undid ${RATINGS[(data.undone as { rating: Rating }).rating - 1].label}.`);
  }, [busy, post]);

  const bury = useCallback(async () => {
    if (!card || busy) return;
    if (await post("/api/review/bury", { cardId: card.id })) setNotice("Buried until tomorrow.");
  }, [card, busy, post]);

  const suspend = useCallback(async () => {
    if (!card || busy) return;
    if (await post("/api/review/suspend", { cardId: card.id, suspended: true })) setNotice("Suspended: it stays out of reviews until you unsuspend it in the card browser.");
  }, [card, busy, post]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.metaKey || isTextField(event.target)) return;
      if (event.key === "z" && !event.shiftKey) {
        event.preventDefault();
        void undo();
      } else if (event.ctrlKey) {
        return;
      } else if ((event.key === " " || event.key === "Enter") && !revealed) {
        event.preventDefault();
        reveal();
      } else if (["1", "2", "3", "4"].includes(event.key) && revealed) {
        event.preventDefault();
        void rate(Number(event.key) as Rating);
      } else if (event.key === "b") {
        void bury();
      } else if (event.key === "s") {
        void suspend();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [revealed, reveal, rate, undo, bury, suspend]);

  const toggleTyping = () => setTypingEnabled(!typing);

  const suggested = gradeState.status === "done" ? gradeState.result.suggestedRating : null;

  return (
    <div className="mx-auto max-w-3xl space-y-4" data-testid="review">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <div className="flex items-center gap-3" data-testid="counts" aria-label="Cards left">
          <span className="font-semibold tabular-nums text-sky-700" title="new">
            {view.counts.new} <span className="font-normal text-stone-500">new</span>
          </span>
          <span className="font-semibold tabular-nums text-red-700" title="learning">
            {view.counts.learning} <span className="font-normal text-stone-500">learning</span>
          </span>
          <span className="font-semibold tabular-nums text-emerald-700" title="review">
            {view.counts.review} <span className="font-normal text-stone-500">review</span>
          </span>
        </div>
        <div className="flex items-center gap-2">
          {deck && (
            <span className="rounded-full bg-stone-200 px-2 py-0.5 text-xs text-stone-700">
              {deck} · <Link href="/review" className="text-sky-700 hover:underline">all decks</Link>
            </span>
          )}
          <label className="flex cursor-pointer items-center gap-1.5 text-stone-600">
            <input type="checkbox" checked={typing} onChange={toggleTyping} className="accent-stone-900" data-testid="type-toggle" />
            Type answers
          </label>
        </div>
      </div>

      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      )}
      {notice && !error && (
        <p className="text-sm text-stone-500" role="status" data-testid="notice">
          {notice}
        </p>
      )}

      {card ? (
        <CardView
          card={card}
          revealed={revealed}
          busy={busy}
          typing={typing}
          typed={typed}
          onTyped={setTyped}
          onReveal={reveal}
          onRate={rate}
          suggested={suggested}
        />
      ) : (
        <EmptyQueue view={view} busy={busy} onMore={(body) => void post("/api/review/study-more", body)} />
      )}

      {typing && revealed && <GradeView state={gradeState} />}

      <div className="flex flex-wrap items-center gap-2 border-t border-stone-200 pt-3 text-sm">
        <button type="button" onClick={() => void undo()} disabled={busy} className="rounded-md px-3 py-1.5 text-stone-600 hover:bg-stone-200 disabled:opacity-50" data-testid="undo">
          Undo <kbd className="ml-1 text-xs text-stone-400">z</kbd>
        </button>
        {card && (
          <>
            <button type="button" onClick={() => void bury()} disabled={busy} className="rounded-md px-3 py-1.5 text-stone-600 hover:bg-stone-200 disabled:opacity-50">
              Bury <kbd className="ml-1 text-xs text-stone-400">b</kbd>
            </button>
            <button type="button" onClick={() => void suspend()} disabled={busy} className="rounded-md px-3 py-1.5 text-stone-600 hover:bg-stone-200 disabled:opacity-50">
              Suspend <kbd className="ml-1 text-xs text-stone-400">s</kbd>
            </button>
            {card.source && (
              <a href={noteHref(card.source)} className="rounded-md px-3 py-1.5 text-sky-700 hover:bg-stone-200" data-testid="source-link">
                Open note <span className="text-xs text-stone-500">{card.source.path}:{card.source.startLine}</span>
              </a>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function CardView(props: {
  card: ReviewCardView;
  revealed: boolean;
  busy: boolean;
  typing: boolean;
  typed: string;
  onTyped: (text: string) => void;
  onReveal: () => void;
  onRate: (rating: Rating) => void;
  suggested: Rating | null;
}) {
  const { card, revealed, busy, typing, typed, onTyped, onReveal, onRate, suggested } = props;
  return (
    <article className="space-y-4" data-testid="review-card" data-card-id={card.id}>
      <div className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm sm:p-8">
        <p className="mb-3 text-xs text-stone-400">
          {card.deckPath}
          {card.ahead && " · studying ahead"}
        </p>
        <div className="prose-recall text-lg" data-testid="card-front" dangerouslySetInnerHTML={{ __html: card.frontHtml }} />
        {revealed && (
          <>
            <hr className="my-5 border-stone-200" />
            <div className="prose-recall text-lg" data-testid="card-back" dangerouslySetInnerHTML={{ __html: card.backHtml }} />
          </>
        )}
      </div>

      {typing && !revealed && (
        <textarea
          value={typed}
          onChange={(event) => onTyped(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) {
              event.preventDefault();
              onReveal();
            }
          }}
          rows={3}
          autoFocus
          placeholder="Type your answer, then Enter (Shift+Enter for a new line)"
          className="w-full rounded-lg border border-stone-300 bg-white p-3 text-base"
          data-testid="typed-answer"
        />
      )}

      {!revealed ? (
        <button
          type="button"
          onClick={onReveal}
          className="w-full rounded-lg bg-stone-900 px-4 py-3 font-medium text-white hover:bg-stone-700"
          data-testid="show-answer"
        >
          Show answer <kbd className="ml-2 text-xs text-stone-400">Space</kbd>
        </button>
      ) : (
        <div className="grid grid-cols-4 gap-2" role="group" aria-label="Rate your recall">
          {RATINGS.map(({ rating, label, style }) => (
            <button
              key={rating}
              type="button"
              onClick={() => onRate(rating)}
              disabled={busy}
              className={`flex flex-col items-center rounded-lg border px-1 py-2.5 text-sm font-medium disabled:opacity-50 ${style} ${suggested === rating ? "ring-2 ring-stone-900" : ""}`}
              data-testid={`rate-${rating}`}
              aria-keyshortcuts={String(rating)}
            >
              <span>{label}</span>
              <span className="text-xs font-normal opacity-75">
                {card.previews[rating]} · <kbd>{rating}</kbd>
              </span>
            </button>
          ))}
        </div>
      )}
      {suggested && <p className="text-center text-xs text-stone-500">The grade suggests {RATINGS[suggested - 1].label}; pick any rating.</p>}
    </article>
  );
}

function EmptyQueue({ view, busy, onMore }: { view: Extract<ReviewView, { card: null }>; busy: boolean; onMore: (body: object) => void }) {
  return (
    <section className="space-y-4 rounded-xl border border-stone-200 bg-white p-6 sm:p-8" data-testid="review-empty">
      <h1 className="text-xl font-semibold tracking-tight">All done for now</h1>
      <p className="text-stone-600">
        {view.nextDueAt ? <>The next card is due {whenDue(view.nextDueAt)}.</> : <>No learning or review card is scheduled.</>}
        {view.newCardsWaiting > 0 && <> {view.newCardsWaiting} new cards are waiting.</>}
      </p>
      <div className="flex flex-wrap gap-2">
        {view.newCardsWaiting > 0 && (
          <button type="button" disabled={busy} onClick={() => onMore({ extraNewCards: 10 })} className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white hover:bg-stone-700 disabled:opacity-50">
            Learn 10 more new cards
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => onMore({ aheadDays: 1 })} className="rounded-md border border-stone-300 px-4 py-2 text-sm font-medium hover:bg-stone-100 disabled:opacity-50">
          Study ahead{view.dueTomorrow > 0 ? `: tomorrow's ${view.dueTomorrow} reviews` : ""}
        </button>
        <Link href="/" className="rounded-md px-4 py-2 text-sm text-sky-700 hover:underline">
          Back to decks
        </Link>
      </div>
    </section>
  );
}
