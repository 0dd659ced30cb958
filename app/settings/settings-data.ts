import type { PrismaClient } from "@/lib/db";
import { loadSettingsContext, type ReviewSettings } from "@/lib/review";

export interface SettingsLevel {
  /** Deck path; null for the collection-wide settings. */
  deck: string | null;
  overrides: Partial<ReviewSettings>;
  /** What applies after inheritance (defaults ← global ← parent decks ← this deck). */
  effective: ReviewSettings;
}

/** The settings page's data: global level first, then every deck. */
export async function settingsLevels(prisma: PrismaClient): Promise<SettingsLevel[]> {
  const context = await loadSettingsContext(prisma);
  return [
    { deck: null, overrides: context.globalOverrides, effective: context.global },
    ...context.decks.map((deck) => ({ deck: deck.path, overrides: deck.overrides, effective: deck.settings })),
  ];
}
