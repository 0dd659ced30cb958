"use client";

import { useCallback, useRef, useState } from "react";

export interface GradePassage {
  id: string;
  text: string;
  source: { path: string; startLine: number; endLine: number };
  cited: boolean;
}

export interface GradeResult {
  answerId: string;
  grade: {
    score: number;
    verdict: "correct" | "partly" | "wrong";
    pointsHit: string[];
    pointsMissed: string[];
    explanation: string;
    citations: string[];
    grader: "offline" | "llm";
    model: string;
    fallbackReason?: string;
  };
  passages: GradePassage[];
  suggestedRating: 1 | 2 | 3 | 4;
}

type GradeState = { status: "idle" } | { status: "grading"; streamed: string } | { status: "done"; result: GradeResult } | { status: "error"; message: string };

/** Posts an answer to /api/grade and follows the NDJSON stream (explanation deltas, then the grade). */
export function useGrader() {
  const [state, setState] = useState<GradeState>({ status: "idle" });
  const abort = useRef<AbortController | null>(null);

  const grade = useCallback(async (cardId: string, answer: string): Promise<GradeResult | null> => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ status: "grading", streamed: "" });
    try {
      const response = await fetch("/api/grade", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ cardId, answer }),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => ({ error: response.statusText }));
        setState({ status: "error", message: body.error ?? "grading failed" });
        return null;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let streamed = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const event = JSON.parse(buffer.slice(0, newline));
          buffer = buffer.slice(newline + 1);
          if (event.type === "delta") setState({ status: "grading", streamed: (streamed += event.text) });
          else if (event.type === "reset") setState({ status: "grading", streamed: (streamed = "") });
          else if (event.type === "error") {
            setState({ status: "error", message: event.error });
            return null;
          } else if (event.type === "grade") {
            setState({ status: "done", result: event });
            return event as GradeResult;
          }
        }
      }
      setState({ status: "error", message: "the grader stopped without a grade" });
    } catch (error) {
      if (!controller.signal.aborted) setState({ status: "error", message: (error as Error).message });
    }
    return null;
  }, []);

  const reset = useCallback(() => {
    abort.current?.abort();
    setState({ status: "idle" });
  }, []);

  return { state, grade, reset };
}

const verdictStyle = {
  correct: "bg-emerald-100 text-emerald-900 border-emerald-200",
  partly: "bg-amber-100 text-amber-900 border-amber-200",
  wrong: "bg-red-100 text-red-900 border-red-200",
};

export function noteHref(source: { path: string; startLine: number; endLine: number }): string {
  return `/notes?path=${encodeURIComponent(source.path)}&lines=${source.startLine}-${source.endLine}#L${source.startLine}`;
}

/** The grade of one answer: score, verdict, points, explanation, and the cited note passages beside. */
export function GradeView({ state }: { state: GradeState }) {
  if (state.status === "idle") return null;
  if (state.status === "error") {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
        Could not grade: {state.message}. Your answer was kept.
      </p>
    );
  }
  if (state.status === "grading") {
    return (
      <div className="rounded-lg border border-stone-200 bg-white p-4 text-sm" aria-busy="true" data-testid="grade-pending">
        <p className="font-medium text-stone-500">Grading…</p>
        {state.streamed && <p className="mt-2 whitespace-pre-wrap text-stone-800">{state.streamed}</p>}
      </div>
    );
  }
  const { grade, passages } = state.result;
  const cited = passages.filter((p) => p.cited);
  return (
    <div className="grid gap-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" data-testid="grade-result">
      <div className="space-y-3 rounded-lg border border-stone-200 bg-white p-4 text-sm">
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-2xl font-semibold tabular-nums" data-testid="grade-score">
            {grade.score.toFixed(1)}
            <span className="text-base font-normal text-stone-500">/5</span>
          </span>
          <span className={`rounded-full border px-2.5 py-0.5 text-xs font-semibold uppercase tracking-wide ${verdictStyle[grade.verdict]}`}>{grade.verdict}</span>
          <span className="text-xs text-stone-500">
            {grade.grader === "llm" ? `LLM grader (${grade.model})` : `offline grader (${grade.model})`}
          </span>
        </div>
        {grade.fallbackReason && <p className="rounded bg-amber-50 p-2 text-xs text-amber-900">{grade.fallbackReason}</p>}
        {grade.pointsHit.length > 0 && (
          <div>
            <h3 className="font-medium text-emerald-800">What you got right</h3>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">{grade.pointsHit.map((p, i) => <li key={i}>{p}</li>)}</ul>
          </div>
        )}
        {grade.pointsMissed.length > 0 && (
          <div>
            <h3 className="font-medium text-red-800">Missing or wrong</h3>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">{grade.pointsMissed.map((p, i) => <li key={i}>{p}</li>)}</ul>
          </div>
        )}
        <p className="whitespace-pre-wrap text-stone-800" data-testid="grade-explanation">{grade.explanation}</p>
      </div>
      <aside className="space-y-2 text-sm" aria-label="From your notes">
        <h3 className="font-medium text-stone-600">From your notes</h3>
        {cited.length === 0 && <p className="text-stone-500">No passage of your notes was cited.</p>}
        {cited.map((passage) => (
          <a key={passage.id} href={noteHref(passage.source)} className="block rounded-lg border border-stone-200 bg-white p-3 hover:border-sky-400" data-testid="citation">
            <span className="font-mono text-xs text-sky-700">
              {passage.source.path}:{passage.source.startLine}–{passage.source.endLine}
            </span>
            <span className="mt-1 line-clamp-5 block whitespace-pre-wrap text-stone-700">{passage.text}</span>
          </a>
        ))}
      </aside>
    </div>
  );
}
