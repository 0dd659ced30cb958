import { z } from "zod";
import type { PrismaClient } from "../db";
import { Prisma } from "../generated/prisma/client";
import { reviewSettingsOverridesSchema, resolveSettings, type ReviewSettings } from "./settings";
import { DeckNotFoundError, InvalidSettingsError } from "./errors";

/** Key of the global review settings (partial ReviewSettings) in the settings table. */
export const REVIEW_SETTINGS_KEY = "review";

type Db = PrismaClient | Prisma.TransactionClient;

export interface DeckSettings {
  id: string;
  path: string;
  name: string;
  /** The deck's own overrides, as stored. */
  overrides: Partial<ReviewSettings>;
  /** Defaults ← global ← ancestors' overrides ← this deck's overrides. */
  settings: ReviewSettings;
}

/** Everything the scheduler needs to know about settings, loaded in two small queries. */
export interface SettingsContext {
  globalOverrides: Partial<ReviewSettings>;
  /** Global settings: the study day, the global limits and the queue order come from these. */
  global: ReviewSettings;
  decks: DeckSettings[];
  forDeck(deckId: string): ReviewSettings;
  /** The deck with this path and all decks below it ("interview" → "interview", "interview/ml"). */
  subtree(path: string): DeckSettings[];
}

function parseOverrides(value: unknown, where: string): Partial<ReviewSettings> {
  const parsed = reviewSettingsOverridesSchema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new InvalidSettingsError(`Stored review settings of ${where} are invalid:\n${z.prettifyError(parsed.error)}\nFix them on the Settings page.`);
  }
  return parsed.data;
}

// Validating settings builds Intl formatters per time zone check; the queue resolves them on every
// request, for every deck, so results are kept by value (they are immutable once resolved).
const resolved = new Map<string, ReviewSettings>();
const RESOLVED_MAX = 1000;

function resolve(global: Partial<ReviewSettings>, overrides: Partial<ReviewSettings>[], where: string): ReviewSettings {
  const merged = Object.assign({}, ...overrides) as Partial<ReviewSettings>;
  const key = JSON.stringify([global, merged]);
  const known = resolved.get(key);
  if (known) return known;
  try {
    const settings = Object.freeze(resolveSettings(global, merged));
    if (resolved.size >= RESOLVED_MAX) resolved.clear();
    resolved.set(key, settings);
    return settings;
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw new InvalidSettingsError(`Review settings of ${where} are invalid:\n${z.prettifyError(error)}`);
    }
    throw error;
  }
}

const ancestorsAndSelf = (path: string) => path.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));

/** The rows a SettingsContext is made of, as one SELECT returns them (see settingsColumnsSql). */
export interface SettingsRows {
  review: unknown;
  decks: { id: string; path: string; name: string; settings: unknown }[];
}

/** Select-list items giving SettingsRows in one round trip (callers add their own columns). */
export const settingsColumnsSql = Prisma.sql`(SELECT value FROM settings WHERE key = ${REVIEW_SETTINGS_KEY}) AS review,
  (SELECT coalesce(json_agg(json_build_object('id', id, 'path', path, 'name', name, 'settings', settings) ORDER BY path), '[]'::json) FROM decks) AS decks`;

export async function loadSettingsContext(prisma: Db): Promise<SettingsContext> {
  const [rows] = await prisma.$queryRaw<SettingsRows[]>`SELECT ${settingsColumnsSql}`;
  return settingsContextOf(rows);
}

export function settingsContextOf({ review, decks: deckRows }: SettingsRows): SettingsContext {
  const globalOverrides = parseOverrides(review, "the collection");
  const global = resolve(globalOverrides, [], "the collection");
  const overridesByPath = new Map(deckRows.map((deck) => [deck.path, parseOverrides(deck.settings, `deck "${deck.path}"`)]));
  const decks = deckRows.map((deck) => ({
    id: deck.id,
    path: deck.path,
    name: deck.name,
    overrides: overridesByPath.get(deck.path)!,
    settings: resolve(
      globalOverrides,
      ancestorsAndSelf(deck.path).map((path) => overridesByPath.get(path) ?? {}),
      `deck "${deck.path}"`,
    ),
  }));
  const byId = new Map(decks.map((deck) => [deck.id, deck]));
  return {
    globalOverrides,
    global,
    decks,
    forDeck: (deckId) => byId.get(deckId)?.settings ?? global,
    subtree(path) {
      const found = decks.filter((deck) => deck.path === path || deck.path.startsWith(path + "/"));
      if (found.length === 0) throw new DeckNotFoundError(path);
      return found;
    },
  };
}

/** Effective settings: global, or of one deck (by path) with its overrides applied. */
export async function getReviewSettings(prisma: Db, deckPath?: string): Promise<ReviewSettings> {
  const context = await loadSettingsContext(prisma);
  if (deckPath === undefined) return context.global;
  const deck = context.decks.find((d) => d.path === deckPath);
  if (!deck) throw new DeckNotFoundError(deckPath);
  return deck.settings;
}

function validOverrides(overrides: unknown): Partial<ReviewSettings> {
  const parsed = reviewSettingsOverridesSchema.safeParse(overrides);
  if (!parsed.success) throw new InvalidSettingsError(`Invalid review settings:\n${z.prettifyError(parsed.error)}`);
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
}

/**
 * Replaces the stored overrides of the collection (deckPath undefined) or of one deck. Only
 * the given fields are stored; everything else falls back to the level above. The result is
 * checked as a whole (e.g. a bad time zone) before anything is written.
 */
export async function saveReviewSettings(
  prisma: PrismaClient,
  overrides: unknown,
  deckPath?: string,
): Promise<SettingsContext> {
  const values = validOverrides(overrides);
  if (deckPath === undefined) {
    resolve(values, [], "the collection");
    await prisma.setting.upsert({
      where: { key: REVIEW_SETTINGS_KEY },
      create: { key: REVIEW_SETTINGS_KEY, value: values as Prisma.InputJsonObject },
      update: { value: values as Prisma.InputJsonObject },
    });
  } else {
    const deck = await prisma.deck.findUnique({ where: { path: deckPath }, select: { id: true } });
    if (!deck) throw new DeckNotFoundError(deckPath);
    const context = await loadSettingsContext(prisma);
    resolve(context.globalOverrides, [values], `deck "${deckPath}"`);
    await prisma.deck.update({ where: { id: deck.id }, data: { settings: values as Prisma.InputJsonObject } });
  }
  return loadSettingsContext(prisma);
}
