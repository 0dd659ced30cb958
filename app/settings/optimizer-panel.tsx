"use client";

import { useState } from "react";
import type { OptimizerResult } from "@/lib/review";

type State =
  | { status: "idle" }
  | { status: "running" }
  | { status: "refused"; message: string }
  | { status: "error"; message: string }
  | { status: "fitted"; result: OptimizerResult }
  | { status: "applied"; message: string };

/** Fits FSRS parameters to the review history, shows current vs optimized fit, then applies on request. */
export function OptimizerPanel({ reviews }: { reviews: number }) {
  const [state, setState] = useState<State>({ status: "idle" });

  async function optimize() {
    setState({ status: "running" });
    const response = await fetch("/api/settings/optimize", { method: "POST" });
    const body = await response.json();
    if (response.status === 422) return setState({ status: "refused", message: body.error });
    if (!response.ok) return setState({ status: "error", message: body.error });
    setState({ status: "fitted", result: body });
  }

  async function apply(parameters: number[], reschedule: boolean) {
    setState({ status: "running" });
    const response = await fetch("/api/settings/apply-parameters", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ parameters, reschedule }),
    });
    const body = await response.json();
    if (!response.ok) return setState({ status: "error", message: body.error });
    setState({
      status: "applied",
      message: body.rescheduled
        ? `Applied. ${body.rescheduled.changed} of ${body.rescheduled.cards} reviewed cards were rescheduled.`
        : "Applied. Existing due dates are unchanged; new answers use the new parameters.",
    });
  }

  return (
    <section className="space-y-3 rounded-lg border border-stone-200 bg-white p-4" data-testid="optimizer">
      <h2 className="font-medium">FSRS parameters</h2>
      <p className="text-sm text-stone-600">
        Fit the scheduler to your own memory from your {reviews} reviews. You see how well the current and the optimized parameters predict your answers before
        anything changes.
      </p>
      <button
        type="button"
        onClick={optimize}
        disabled={state.status === "running"}
        className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white hover:bg-stone-700 disabled:opacity-50"
        data-testid="optimize"
      >
        {state.status === "running" ? "Working…" : "Optimize parameters"}
      </button>
      {state.status === "refused" && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="optimizer-refused">
          {state.message}
        </p>
      )}
      {state.status === "error" && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {state.message}
        </p>
      )}
      {state.status === "applied" && <p className="text-sm text-emerald-700" role="status">{state.message}</p>}
      {state.status === "fitted" && <FitResult result={state.result} onApply={apply} />}
    </section>
  );
}

function FitResult({ result, onApply }: { result: OptimizerResult; onApply: (parameters: number[], reschedule: boolean) => void }) {
  return (
    <div className="space-y-3 text-sm" data-testid="optimizer-result">
      <table className="w-full max-w-md text-left">
        <thead className="text-stone-500">
          <tr>
            <th className="py-1 font-medium" />
            <th className="py-1 text-right font-medium">log loss</th>
            <th className="py-1 text-right font-medium">RMSE</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          <tr>
            <td className="py-1">current</td>
            <td className="py-1 text-right">{result.current.logLoss.toFixed(4)}</td>
            <td className="py-1 text-right">{result.current.rmse.toFixed(4)}</td>
          </tr>
          <tr className="font-medium">
            <td className="py-1">optimized</td>
            <td className="py-1 text-right">{result.optimized.logLoss.toFixed(4)}</td>
            <td className="py-1 text-right">{result.optimized.rmse.toFixed(4)}</td>
          </tr>
        </tbody>
      </table>
      <p className="text-stone-600">
        From {result.reviewsUsed} reviews. Lower is better;{" "}
        {result.improved ? "the optimized parameters predict your history better." : "the optimized parameters are not better: keep the current ones."}
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="button" onClick={() => onApply(result.parameters, true)} className="rounded-md bg-stone-900 px-3 py-1.5 font-medium text-white hover:bg-stone-700">
          Apply and reschedule cards
        </button>
        <button type="button" onClick={() => onApply(result.parameters, false)} className="rounded-md border border-stone-300 px-3 py-1.5 hover:bg-stone-100">
          Apply without rescheduling
        </button>
      </div>
    </div>
  );
}
