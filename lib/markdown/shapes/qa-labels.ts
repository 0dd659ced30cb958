import type { DraftCard, NoteContext } from "../note";
import { claim, isFree, lastContentLine, linesText, startsOtherCard } from "../note";
import { headingOf, isBlank } from "../scan";
import { cleanFront } from "../text";

const LEAD = String.raw`^\s*(?:>\s*)*(?:#{1,6}\s+)?(?:[-*+]\s+)?(\*\*|__)?\s*`;
// The bold may close before the colon or after it: `**Q:**` and `**Q**:` are both common.
const BOLD_END = String.raw`(?:\*\*|__)?`;
const Q_LABEL = new RegExp(LEAD + String.raw`(?:(?:Q|Question)\s*\d{0,3}\s*${BOLD_END}\s*[:.)]|Front\s*${BOLD_END}\s*:)\s*(?:\*\*|__)?\s*(.*)$`, "i");
const A_LABEL = new RegExp(LEAD + String.raw`(?:(?:A|Ans|Answer)\s*\d{0,3}\s*${BOLD_END}\s*[:.)]|Back\s*${BOLD_END}\s*:)\s*(?:\*\*|__)?\s*(.*)$`, "i");
const SAME_LINE_ANSWER = /\s(?:\*\*|__)?(?:A|Ans|Answer)\s*\d{0,3}\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s+/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;

function labelled(re: RegExp, line: string): string | null {
  const m = re.exec(line);
  if (!m) return null;
  let rest = m[2];
  if (m[1] && rest.endsWith(m[1])) rest = rest.slice(0, -m[1].length);
  return rest;
}

/** `Q:`/`A:` pairs, also bold (`**Q:**`, `**Q**:`), numbered (`Q1:`/`A1:`), spelled out (`Question:`/`Answer:`) and `Front:`/`Back:`. */
export function qaLabelCards(ctx: NoteContext): DraftCard[] {
  const cards: DraftCard[] = [];
  const text = ctx.scan.text;
  const n = text.length;
  const stops = (i: number) => !isFree(ctx, i) || headingOf(text[i]) !== null || RULE.test(text[i]) || labelled(Q_LABEL, text[i]) !== null;
  const answerLabel = (i: number) => (headingOf(text[i]) && !/^\s*#{1,6}\s+(?:\*\*|__)?\s*(?:A|Ans|Answer)\b/i.test(text[i]) ? null : labelled(A_LABEL, text[i]));
  for (let i = 0; i < n; i++) {
    if (!isFree(ctx, i)) continue;
    const q = labelled(Q_LABEL, text[i]);
    if (q === null) continue;
    const sameLine = SAME_LINE_ANSWER.exec(q);
    let questionParts = [sameLine ? q.slice(0, sameLine.index) : q];
    let answerAt = -1;
    let answerFirst = "";
    if (sameLine) {
      answerAt = i;
      answerFirst = q.slice(sameLine.index + sameLine[0].length);
    } else {
      // The question may continue on following lines; blank lines may separate it from its answer.
      let j = i + 1;
      for (; j < n; j++) {
        if (ctx.scan.meta[j]) continue;
        const a = isFree(ctx, j) ? answerLabel(j) : null;
        if (a !== null) {
          answerAt = j;
          answerFirst = a;
          break;
        }
        if (isBlank(text[j])) continue;
        if (stops(j) || (j > i + 1 && isBlank(text[j - 1]))) break;
        questionParts.push(text[j]);
      }
    }
    if (answerAt < 0) continue;
    // The answer may run over blank lines, but not into a card written another way.
    let end = answerAt;
    for (let j = answerAt + 1; j < n && !stops(j); j++) {
      if (isBlank(text[j - 1]) && !ctx.scan.code[j] && startsOtherCard(ctx, text[j])) break;
      end = j;
    }
    end = lastContentLine(ctx, answerAt, end);
    const rest = end > answerAt ? linesText(ctx, answerAt + 1, end) : "";
    const gap = end > answerAt && isBlank(text[answerAt + 1]) ? "\n\n" : "\n";
    const back = [answerFirst.trim(), rest].filter(Boolean).join(gap);
    questionParts = questionParts.map((p) => p.trim()).filter(Boolean);
    const front = cleanFront(questionParts.join(" "));
    claim(ctx, i, end);
    if (front && back) cards.push({ front, back, kind: "basic", start: i, end, block: i, shape: "qa-label" });
    i = end;
  }
  return cards;
}
