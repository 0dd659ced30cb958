"use client";

import { useState } from "react";
import { GradeView, useGrader } from "../grade-view";

interface Question {
  cardId: string;
  front: string;
  back: string;
  deck: string;
  source: { path: string | null; startLine: number | null; endLine: number | null };
}

export function Quiz({ decks }: { decks: string[] }) {
  const [filters, setFilters] = useState({ deck: "", tag: "", query: "", count: "5" });
  const [questions, setQuestions] = useState<Question[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const [answer, setAnswer] = useState("");
  const { state, grade, reset } = useGrader();

  async function start(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v.trim() !== ""));
    const response = await fetch(`/api/quiz?${params}`);
    const body = await response.json();
    if (!response.ok) return setError(body.error);
    if (body.questions.length === 0) return setError("No cards match: try another deck, tag or query.");
    setQuestions(body.questions);
    setIndex(0);
    setAnswer("");
    reset();
  }

  function next() {
    setIndex((i) => i + 1);
    setAnswer("");
    reset();
  }

  const question = questions?.[index];
  const graded = state.status === "done";

  return (
    <div className="space-y-6">
      <form onSubmit={start} className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-4 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Deck</span>
          <select value={filters.deck} onChange={(e) => setFilters({ ...filters, deck: e.target.value })} className="rounded-md border border-stone-300 px-2 py-2" name="deck">
            <option value="">All decks</option>
            {decks.map((deck) => (
              <option key={deck} value={deck}>
                {deck}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Tag</span>
          <input value={filters.tag} onChange={(e) => setFilters({ ...filters, tag: e.target.value })} className="w-32 rounded-md border border-stone-300 px-2 py-2" name="tag" />
        </label>
        <label className="flex min-w-48 flex-1 flex-col gap-1">
          <span className="font-medium">About (search)</span>
          <input value={filters.query} onChange={(e) => setFilters({ ...filters, query: e.target.value })} placeholder="e.g. vector similarity" className="rounded-md border border-stone-300 px-2 py-2" name="query" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Questions</span>
          <input type="number" min={1} max={50} value={filters.count} onChange={(e) => setFilters({ ...filters, count: e.target.value })} className="w-20 rounded-md border border-stone-300 px-2 py-2" name="count" />
        </label>
        <button type="submit" className="rounded-md bg-stone-900 px-4 py-2 font-medium text-white hover:bg-stone-700">
          Start quiz
        </button>
      </form>

      {error && (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      )}

      {questions && !question && (
        <p className="rounded-lg border border-stone-200 bg-white p-4">
          Quiz done: {questions.length} questions. Start another one above.
        </p>
      )}

      {question && (
        <section className="space-y-4" data-testid="quiz-question">
          <div className="flex flex-wrap justify-between gap-2 text-xs text-stone-500">
            <span>
              Question {index + 1} of {questions!.length} · {question.deck}
            </span>
            {question.source.path && (
              <span className="font-mono">
                {question.source.path}:{question.source.startLine}–{question.source.endLine}
              </span>
            )}
          </div>
          <h2 className="whitespace-pre-wrap text-lg font-medium">{question.front}</h2>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (answer.trim() && state.status !== "grading") void grade(question.cardId, answer);
            }}
            className="space-y-2"
          >
            <textarea
              value={answer}
              onChange={(e) => setAnswer(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
              }}
              rows={4}
              readOnly={graded}
              placeholder="Your answer (Ctrl+Enter to grade)"
              aria-label="Your answer"
              className="w-full rounded-md border border-stone-300 p-3 text-sm"
            />
            <div className="flex gap-2">
              {!graded && (
                <button type="submit" disabled={!answer.trim() || state.status === "grading"} className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-50">
                  {state.status === "grading" ? "Grading…" : "Grade my answer"}
                </button>
              )}
              {graded && (
                <button type="button" onClick={next} className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white">
                  Next question
                </button>
              )}
            </div>
          </form>
          <GradeView state={state} />
          {graded && (
            <details className="rounded-lg border border-stone-200 bg-white p-4 text-sm" open>
              <summary className="cursor-pointer font-medium">Reference answer</summary>
              <p className="mt-2 whitespace-pre-wrap text-stone-800">{question.back}</p>
            </details>
          )}
        </section>
      )}
    </div>
  );
}
