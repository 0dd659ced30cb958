import type { PrismaClient } from "../db";

const COLUMNS = [
  "id", "deck", "front", "back", "kind", "tags", "status", "state", "due", "stability", "difficulty",
  "reps", "lapses", "last_review", "source_path", "start_line", "end_line",
] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(" ") : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const PAGE = 2000;

/** Every card (retired too, with its status) with its FSRS state, as CSV lines with a header. */
export async function* exportCardsCsv(prisma: PrismaClient): AsyncGenerator<string> {
  yield COLUMNS.join(",") + "\r\n";
  let after: string | undefined;
  for (;;) {
    const cards = await prisma.card.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: "asc" },
      take: PAGE,
      include: { schedule: true, deck: { select: { path: true } } },
    });
    for (const card of cards) {
      const s = card.schedule;
      const row = [
        card.id, card.deck.path, card.front, card.back, card.kind, card.tags, card.status, s?.state ?? "new", s?.due,
        s?.stability, s?.difficulty, s?.reps ?? 0, s?.lapses ?? 0, s?.lastReview, card.sourcePath, card.startLine, card.endLine,
      ];
      yield row.map(csvField).join(",") + "\r\n";
    }
    if (cards.length < PAGE) return;
    after = cards[cards.length - 1].id;
  }
}
