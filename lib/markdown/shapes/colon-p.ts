import type { DraftCard, NoteContext } from "../note";
import { claim, isFree, linesText, nextIndex, warn } from "../note";
import { cleanFront } from "../text";

const OPEN = /^\s*(?:[-*+]\s+)?:p(?:\s+|$)/;
const ANSWER = /(?:^|\s)\?\?x(?:\s|$)/;
const CLOSE = /(?:^|\s)x\?\?\s*$/;

/**
 * `:p question` … `??x` … answer … `x??` (generated card files). The question may span lines and the
 * whole card may sit on one line. Context lines before `:p` ("Background context: …") are not part of
 * the card.
 */
export function colonPCards(ctx: NoteContext): DraftCard[] {
  const cards: DraftCard[] = [];
  const text = ctx.scan.text;
  const nextOpen = nextIndex(ctx, (l) => OPEN.test(l));
  const nextAnswer = nextIndex(ctx, (l) => ANSWER.test(l));
  const nextClose = nextIndex(ctx, (l) => CLOSE.test(l));
  for (let i = nextOpen[0]; i >= 0; i = nextOpen[i + 1]) {
    if (!isFree(ctx, i)) continue;
    const following = nextOpen[i + 1] < 0 ? text.length : nextOpen[i + 1];
    const answerAt = nextAnswer[i];
    if (answerAt < 0 || answerAt >= following) {
      warn(ctx, i, "':p' question without a '??x' line: not imported; add ??x, the answer, then x??");
      continue;
    }
    const questionLines = text.slice(i, answerAt + 1).join("\n");
    const question = questionLines.replace(OPEN, "").split(/(?:^|\s)\?\?x(?:\s|$)/)[0];
    const sameLineAnswer = text[answerAt].split(/(?:^|\s)\?\?x(?:\s|$)/).slice(1).join(" ??x ");
    let closeAt = nextClose[answerAt];
    let back: string;
    if (CLOSE.test(sameLineAnswer) || (closeAt === answerAt && sameLineAnswer.trim() !== "")) {
      closeAt = answerAt;
      back = sameLineAnswer.replace(CLOSE, "").trim();
    } else {
      if (closeAt < 0 || closeAt >= following) {
        warn(ctx, i, "':p' card has no closing 'x??' line; its answer runs to the next card");
        closeAt = following - 1;
        while (closeAt > answerAt && /^\s*(?:---+)?\s*$/.test(text[closeAt])) closeAt--;
      }
      const body = [sameLineAnswer, linesText(ctx, answerAt + 1, closeAt)].filter((s) => s.trim() !== "").join("\n");
      back = body.replace(/(?:^|\s)x\?\?\s*$/, "").trim();
    }
    const front = cleanFront(question.replace(/\s*\n\s*/g, " "));
    claim(ctx, i, closeAt);
    if (!front || !back) {
      warn(ctx, i, "':p' card with an empty question or answer: not imported");
      continue;
    }
    cards.push({ front, back, kind: "basic", start: i, end: closeAt, block: i, shape: "colon-p" });
  }
  return cards;
}
