"use client";

import { useState } from "react";
import type { ReviewSettings } from "@/lib/review";
import type { SettingsLevel } from "./settings-data";

type FieldKind = "number" | "steps" | "boolean" | "select" | "text";
interface Field {
  key: keyof ReviewSettings;
  label: string;
  kind: FieldKind;
  options?: { value: string; label: string }[];
  hint?: string;
}

const FIELDS: Field[] = [
  { key: "desiredRetention", label: "Desired retention", kind: "number", hint: "0.70–0.99: chance of recalling a card when it is due" },
  { key: "newCardsPerDay", label: "New cards per day", kind: "number", hint: "a deck's limit covers its sub-decks together" },
  { key: "reviewsPerDay", label: "Reviews per day", kind: "number", hint: "a deck's limit covers its sub-decks together" },
  { key: "maximumIntervalDays", label: "Maximum interval (days)", kind: "number" },
  { key: "learningSteps", label: "Learning steps", kind: "steps", hint: "e.g. 1m 10m" },
  { key: "relearningSteps", label: "Relearning steps", kind: "steps", hint: "e.g. 10m" },
  { key: "enableFuzz", label: "Fuzz intervals", kind: "boolean" },
  {
    key: "newReviewOrder",
    label: "New cards",
    kind: "select",
    options: [
      { value: "interleave", label: "mixed with reviews" },
      { value: "new-first", label: "before reviews" },
      { value: "reviews-first", label: "after reviews" },
    ],
  },
  {
    key: "reviewOrder",
    label: "Review order",
    kind: "select",
    options: [
      { value: "overdue-relative", label: "most overdue (for its stability) first" },
      { value: "due-date", label: "by due date" },
      { value: "random", label: "random" },
    ],
  },
  { key: "dayStartHour", label: "Next day starts at (hour)", kind: "number" },
  { key: "timeZone", label: "Time zone", kind: "text", hint: "IANA name, e.g. Europe/Berlin" },
];

type Draft = Record<string, string>;

function toText(value: unknown): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.join(" ");
  return String(value);
}

function draftOf(level: SettingsLevel): Draft {
  return Object.fromEntries(FIELDS.map((f) => [f.key, toText(level.overrides[f.key])]));
}

/** Blank fields inherit; the rest become overrides (validated by the server). */
function overridesOf(draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const text = draft[field.key]?.trim() ?? "";
    if (text === "") continue;
    if (field.kind === "number") out[field.key] = Number(text);
    else if (field.kind === "steps") out[field.key] = text.split(/[\s,]+/).filter(Boolean);
    else if (field.kind === "boolean") out[field.key] = text === "true";
    else out[field.key] = text;
  }
  return out;
}

/** Global settings and per-deck overrides: pick a level, edit, save. */
export function ReviewSettingsEditor({ initial }: { initial: SettingsLevel[] }) {
  const [levels, setLevels] = useState(initial);
  const [selected, setSelected] = useState<string>("");
  const level = levels.find((l) => (l.deck ?? "") === selected) ?? levels[0];
  const [draft, setDraft] = useState<Draft>(() => draftOf(level));
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const fsrsParameters = level.effective.fsrsParameters;

  function choose(deck: string) {
    setSelected(deck);
    const next = levels.find((l) => (l.deck ?? "") === deck) ?? levels[0];
    setDraft(draftOf(next));
    setMessage(null);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaving(true);
    setMessage(null);
    const overrides = overridesOf(draft);
    if (level.overrides.fsrsParameters) overrides.fsrsParameters = level.overrides.fsrsParameters;
    const response = await fetch("/api/settings/review", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ deck: level.deck ?? undefined, overrides }),
    });
    const body = await response.json();
    setSaving(false);
    if (!response.ok) return setMessage({ kind: "error", text: body.error });
    setLevels(body.levels);
    setMessage({ kind: "ok", text: "Saved." });
  }

  return (
    <section className="space-y-4 rounded-lg border border-stone-200 bg-white p-4" data-testid="review-settings">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="font-medium">Review</h2>
        <label className="flex items-center gap-2 text-sm">
          <span className="text-stone-600">Settings for</span>
          <select value={selected} onChange={(e) => choose(e.target.value)} className="rounded-md border border-stone-300 px-2 py-1.5" data-testid="settings-level">
            <option value="">all decks (global)</option>
            {levels
              .filter((l) => l.deck !== null)
              .map((l) => (
                <option key={l.deck} value={l.deck!}>
                  deck {l.deck}
                </option>
              ))}
          </select>
        </label>
      </div>
      <p className="text-xs text-stone-500">Leave a field blank to use the value shown in grey ({level.deck ? "inherited from the parent decks or the global settings" : "the default"}).</p>
      <form onSubmit={save} className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
        {FIELDS.map((field) => {
          const inherited = toText(level.effective[field.key]);
          const common = "w-full rounded-md border border-stone-300 px-2 py-1.5 text-sm";
          return (
            <label key={field.key} className="flex flex-col gap-1 text-sm">
              <span className="font-medium">{field.label}</span>
              {field.kind === "boolean" || field.kind === "select" ? (
                <select value={draft[field.key]} onChange={(e) => setDraft({ ...draft, [field.key]: e.target.value })} className={common} name={field.key}>
                  <option value="">inherit ({field.kind === "boolean" ? (inherited === "true" ? "on" : "off") : (field.options?.find((o) => o.value === inherited)?.label ?? inherited)})</option>
                  {(field.kind === "boolean" ? [{ value: "true", label: "on" }, { value: "false", label: "off" }] : field.options!).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  value={draft[field.key]}
                  onChange={(e) => setDraft({ ...draft, [field.key]: e.target.value })}
                  placeholder={inherited || "(none: FSRS decides)"}
                  inputMode={field.kind === "number" ? "decimal" : undefined}
                  className={common}
                  name={field.key}
                />
              )}
              {field.hint && <span className="text-xs text-stone-500">{field.hint}</span>}
            </label>
          );
        })}
        <div className="flex items-center gap-3 sm:col-span-2">
          <button type="submit" disabled={saving} className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white hover:bg-stone-700 disabled:opacity-50">
            {saving ? "Saving…" : "Save"}
          </button>
          {message && (
            <span role={message.kind === "error" ? "alert" : "status"} className={`whitespace-pre-wrap text-sm ${message.kind === "error" ? "text-red-700" : "text-emerald-700"}`}>
              {message.text}
            </span>
          )}
        </div>
      </form>
      <p className="text-xs text-stone-500">
        FSRS parameters: {fsrsParameters ? `optimized (${fsrsParameters.length} weights)` : "ts-fsrs defaults"}.
      </p>
    </section>
  );
}
