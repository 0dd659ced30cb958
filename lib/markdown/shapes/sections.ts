/**
 * Cards from the outline of notes written without card syntax: question headings and question lines,
 * topics, definition-like bullets, and questions inside lists.
 */
import type { Block } from "../scan";
import type { DraftCard, NoteContext } from "../note";
import { linesText } from "../note";
import type { Section } from "../outline";
import { contextPath, labelKey, stripGluedSource } from "../outline";
import { isFirstPersonNarrative } from "../furniture";
import { cleanFront, plainText, unwrapEmphasis, wordCount } from "../text";
import { inlineQuestionCards, pairCards, termCard, termsInList, termsInParagraph } from "./terms";

/** Items under these labels are pros, cons, examples: parts of their topic, not terms to define. */
const NO_TERMS = new Set([
  "advantages", "advantage", "disadvantages", "benefits", "drawbacks", "pros", "cons", "pros and cons", "limitations",
  "challenges", "challenge", "issues", "problems", "risks", "strategies", "solutions", "solution", "mitigation", "mitigations",
  "applications", "application", "use cases", "use case", "examples", "example", "key points", "tips", "articulation tips",
  "recent trends", "steps", "results", "output", "impact",
]);

interface Emitted {
  text: string;
  end: number;
}

function capitalise(s: string): string {
  return s.replace(/^(\W*)(\p{Ll})/u, (_, lead: string, c: string) => lead + c.toUpperCase());
}

export function outlineCards(ctx: NoteContext, root: Section, furniture: Set<Block>): DraftCard[] {
  const cards: DraftCard[] = [];
  const carded = new Set<Section>();

  /** The section's Markdown for a back; children with their own card collapse to a bullet list of titles. */
  const backOf = (section: Section, mode: "question" | "topic", stopAt?: Block): Emitted => {
    const parts: string[] = section.inlineAnswer ? [section.inlineAnswer] : [];
    let collapsed: string[] = [];
    let end = section.headingEnd;
    let stopped = false;
    // An empty sub-heading ("Types of X:") often introduces the sub-entries that follow it.
    let pendingHeading: string | null = null;
    const flush = () => {
      if (collapsed.length) {
        if (pendingHeading) parts.push(pendingHeading);
        // '*' so the list never merges with a '-' list written just before it
        parts.push(collapsed.map((t) => `* ${t}`).join("\n"));
      }
      collapsed = [];
      pendingHeading = null;
    };
    const walk = (s: Section, depth: number) => {
      for (const item of s.items) {
        if (stopped) return;
        if ("block" in item) {
          const b = item.block;
          if (b === stopAt) {
            stopped = true;
            return;
          }
          // A thematic break after the answer ends it: diaries put unrelated lists after "---".
          if (b.type === "break") {
            if (parts.length || collapsed.length) stopped = true;
            continue;
          }
          if (furniture.has(b)) continue;
          const text = linesText(ctx, b.start, b.end);
          if (!text.trim()) continue;
          flush();
          pendingHeading = null;
          parts.push(text);
          end = Math.max(end, b.end);
          continue;
        }
        const child = item.section;
        // A title's card is its introduction; the rest of the note has cards of its own.
        if (child.kind === "skip" || section.kind === "title") continue;
        if (mode === "question" && child.kind === "question" && !child.pseudo) continue;
        if (mode === "topic" && carded.has(child)) {
          collapsed.push(child.title);
          end = Math.max(end, child.headingEnd);
          continue;
        }
        flush();
        const before = parts.length;
        const heading = child.pseudo ? child.heading : `${"#".repeat(Math.min(3 + depth, 6))} ${unwrapEmphasis(child.heading)}`;
        if (!child.answerLabel) parts.push(heading);
        walk(child, depth + 1);
        flush();
        // A sub-heading with nothing under it is noise, unless sub-entries follow it.
        if (parts.length === before + 1 && !child.answerLabel) {
          parts.pop();
          pendingHeading = heading;
        } else end = Math.max(end, child.headingEnd);
      }
    };
    walk(section, 1);
    flush();
    const text = parts.join("\n\n").trim().replace(/^(?:\*\*|__)?(?:A|Ans|Answer)\s*\d{0,3}\s*[:.)]\s*(?:\*\*|__)?\s*/i, "");
    return { text, end };
  };

  const emitQuestion = (s: Section) => {
    // Under a question line, a list of further questions starts new cards rather than continuing the answer.
    const own = s.pseudo ? s.items.flatMap((i) => ("block" in i ? [i.block] : [])) : [];
    const questionList = own.find((b) => b.type === "list" && inlineQuestionCards(ctx, b).length > 0);
    const back = backOf(s, "question", questionList);
    if (questionList) smallCards(own.slice(own.indexOf(questionList)).map((block) => ({ block })), contextPath(s).at(-1));
    const heading = s.pseudo ? stripGluedSource(s.heading) : s.heading;
    let front = capitalise(cleanFront(heading));
    // "Why?" or "Why it works" alone means nothing on a card: say what it is about.
    const context = contextPath(s).at(-1);
    const words = wordCount(front);
    if (context && (words < 3 || (words < 6 && /\b(?:it|its|they|them|their|this|these|those|that)\b/i.test(front)))) front = `${front} (${context})`;
    if (!front || !back.text) return;
    // "What should I eat today?" answered in diary voice is a diary line, not a question to study; the
    // interviewer's "me" ("Tell me about a time…") asks for exactly such an answer.
    const asker = /\b(?:tell|walk|give|show)\s+me\b/gi;
    if (s.pseudo && /\b(?:I|I'm|my|me)\b/.test(front.replace(asker, "")) && isFirstPersonNarrative(back.text)) return;
    carded.add(s);
    cards.push({
      front,
      back: back.text,
      kind: "basic",
      start: s.headingStart,
      end: back.end,
      block: s.headingStart,
      shape: s.pseudo ? "question-line" : "question-heading",
    });
  };

  /** Blocks that belong to a section's own content: its blocks and those of its label children. */
  const ownBlocks = (s: Section, label: string | undefined, withLabels: boolean, out: { block: Block; label?: string }[] = []) => {
    for (const item of s.items) {
      if ("block" in item) out.push({ block: item.block, label });
      else if (withLabels && item.section.kind === "label") ownBlocks(item.section, labelKey(item.section.title), true, out);
    }
    return out;
  };

  /** Terms and in-list questions among the given blocks; returns the lines they cover. */
  const smallCards = (blocks: { block: Block; label?: string }[], context: string | undefined): Set<number> => {
    const covered = new Set<number>();
    for (const { block, label } of blocks) {
      if (furniture.has(block)) continue;
      const questions = [...inlineQuestionCards(ctx, block), ...(block.type === "list" ? pairCards(ctx, block) : [])];
      for (const q of questions) {
        cards.push(q);
        for (let i = q.start; i <= q.end; i++) covered.add(i);
      }
      if (label && NO_TERMS.has(label)) continue;
      const hits = block.type === "list" ? termsInList(ctx, block) : block.type === "paragraph" ? termsInParagraph(ctx, block) : [];
      for (const hit of hits) {
        if (covered.has(hit.start)) continue;
        cards.push(termCard(hit, context));
        for (let i = hit.start; i <= hit.end; i++) covered.add(i);
      }
    }
    return covered;
  };

  /** Sub-sections (through labels) that got a card of their own. */
  const countCarded = (s: Section): number =>
    s.children.reduce((n, c) => n + (carded.has(c) ? 1 : c.kind === "label" ? countCarded(c) : 0), 0);

  const processChildren = (s: Section) => {
    for (const child of s.children) {
      if (child.kind === "label" && s.kind !== "root" && s.kind !== "title" && s.kind !== "container") {
        processChildren(child); // part of its parent; only its sub-sections can be cards
      } else process(child);
    }
  };

  const nestedQuestions = (s: Section) => {
    for (const child of s.children) {
      if (child.kind === "skip") continue;
      if (child.kind === "question" && !child.pseudo) process(child);
      else nestedQuestions(child);
    }
  };

  const emitTopic = (s: Section) => {
    processChildren(s);
    // A title's labels are topics of their own (processChildren), not part of the title's content.
    const own = ownBlocks(s, s.kind === "label" ? labelKey(s.title) : undefined, s.kind !== "title");
    const context = s.title;
    const covered = smallCards(own, context);
    let residual = "";
    let rich = false;
    for (const { block } of own) {
      if (furniture.has(block) || block.type === "break") continue;
      if ((block.type === "code" && block.closed) || block.type === "table" || block.type === "math") rich = true;
      if (block.type === "code") continue;
      for (let i = block.start; i <= block.end; i++) if (!covered.has(i) && !ctx.scan.meta[i] && !ctx.claimed[i]) residual += ctx.scan.text[i] + "\n";
    }
    const words = wordCount(plainText(residual));
    const onlyIntro = covered.size > 0 && words <= 12 && !rich;
    // A top-level or numbered entry made only of sub-entries with cards is still worth one card: it lists them.
    const enumerates = words === 0 && !rich && s.kind !== "title" && (s.numbered || s.parent?.kind !== "topic") && countCarded(s) >= 2;
    const substantial = rich || (words >= 3 && residual.trim().length >= 20);
    if (!enumerates && (!substantial || onlyIntro || isFirstPersonNarrative(residual))) return;
    const back = backOf(s, "topic");
    if (!back.text) return;
    const path = [...contextPath(s).slice(-1), s.title];
    carded.add(s);
    cards.push({ front: `Explain: ${path.join(" › ")}`, back: back.text, kind: "topic", start: s.headingStart, end: back.end, block: s.headingStart, shape: "topic" });
  };

  function process(s: Section): void {
    switch (s.kind) {
      case "skip":
        return;
      case "question":
        emitQuestion(s);
        nestedQuestions(s);
        return;
      case "root":
      case "container": {
        smallCards(ownBlocks(s, undefined, false), s.kind === "root" ? undefined : s.title || undefined);
        processChildren(s);
        return;
      }
      default:
        emitTopic(s);
    }
  }

  process(root);
  return cards;
}
