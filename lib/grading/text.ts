import { PorterStemmer } from "natural/lib/natural/stemmers/index.js";
import { eng as englishStopwords } from "stopword";

// Words that carry no knowledge on their own; negations are kept (they are cues, see `negationCues`).
const STOPWORDS = new Set([...englishStopwords, "s", "t", "d", "ll", "re", "ve", "m", "one", "use", "used", "using", "e", "g", "etc"]);
const NEGATIONS = new Set(["not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "cannot", "without", "dont", "doesnt", "isnt", "arent", "cant", "wont", "shouldnt", "didnt", "hasnt", "havent", "wasnt", "werent"]);

/** Lower-case word tokens; "doesn't" → "doesnt", "main()" → "main", "C++" → "c". */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, "").match(/[a-z0-9]+/g) ?? [];
}

/** Porter stem of one lower-case word. */
export function stem(word: string): string {
  return PorterStemmer.stem(word);
}

function isContentWord(word: string): boolean {
  return !STOPWORDS.has(word) && !NEGATIONS.has(word);
}

/** Stems of the words that carry content: stopwords and negations dropped, Porter-stemmed, in order. */
export function contentStems(text: string): string[] {
  return words(text).filter(isContentWord).map(stem);
}

/** The distinct content words of a text, in order of first use. */
export function contentWords(text: string): string[] {
  return [...new Set(words(text).filter(isContentWord))];
}

/**
 * "Question demoting": words whose stem appears in the question say nothing about the student's
 * knowledge (students repeat the question), so they are dropped, unless nothing would be left.
 */
export function demoteQuestionWords(contentWordList: string[], question: string): string[] {
  const demoted = questionStems(question);
  const kept = contentWordList.filter((word) => !demoted.has(stem(word)));
  return kept.length > 0 ? kept : contentWordList;
}

/** True when every content word of the answer is a word of the question: it restates, it doesn't answer. */
export function repeatsQuestion(answer: string, question: string): boolean {
  const demoted = questionStems(question);
  const answerWords = contentWords(answer);
  return answerWords.length > 0 && answerWords.every((word) => demoted.has(stem(word)));
}

/** Stems of all the question's words. */
export function questionStems(question: string): Set<string> {
  return new Set(words(question).map(stem));
}

/** The text's words without those of the question, as plain text for a sentence embedding ("" if none left). */
export function textWithoutQuestionWords(text: string, question: string): string {
  const questionWords = new Set(words(question));
  return words(text)
    .filter((word) => !questionWords.has(word))
    .join(" ");
}

const NON_ANSWER = /^(?:not answered|no answer|no idea|i (?:do not|dont) know|idk|dunno|pass|skip|n\/a|\?+|-+|\.+)$/;

/** True when the student wrote nothing, or said they don't know. */
export function isNonAnswer(answer: string): boolean {
  const normalized = answer.trim().toLowerCase().replace(/['’]/g, "").replace(/[\s.!]+$/, "");
  return words(answer).length === 0 || NON_ANSWER.test(normalized);
}

/** How many negation words a text uses ("not", "never", "doesn't", "without"...). */
export function negationCues(text: string): number {
  return words(text).filter((w) => NEGATIONS.has(w)).length;
}

// Clause boundaries inside a sentence: "; ", ", whereas", ", but", ", then", ", and", ", or"...
const CLAUSE_BREAK = /\s*(?:;|,\s*(?:whereas|while|but|then|and|or)\b|\bwhereas\b)\s*/i;
// A bare "and"/"or" separates points only in a short list ("push and pop", "private and public"); in a
// longer clause it usually joins words inside one point ("push and pop operations", "one or more sets").
const LIST_CONJUNCTION = /\s+\b(?:and|or)\b\s+/i;
const MAX_LIST_WORDS = 8;

/**
 * The points a reference answer makes, in order: its sentences cut at clause connectors, so that
 * "push and pop" gives "push" and "pop", and "A, whereas B. C, but D." gives four points. Fragments
 * with no content word are merged into their neighbour.
 */
export function referencePoints(reference: string): string[] {
  const points: string[] = [];
  for (const sentence of sentences(reference)) {
    for (const clause of splitOutsideParentheses(sentence, CLAUSE_BREAK)) {
      const pieces = words(clause).length <= MAX_LIST_WORDS ? splitOutsideParentheses(clause, LIST_CONJUNCTION) : [clause];
      for (const piece of pieces) {
        const clean = piece.replace(/^[\s,.;:]+|[\s,.;:]+$/g, "");
        if (!clean) continue;
        if (contentStems(clean).length === 0 && points.length > 0) points[points.length - 1] += ` ${clean}`;
        else points.push(clean);
      }
    }
  }
  return points.length > 0 ? points : [reference.trim()].filter(Boolean);
}

/** Sentences, cut after . ! ? followed by space and not inside parentheses. */
export function sentences(text: string): string[] {
  return splitOutsideParentheses(text.trim(), /(?<=[.!?])\s+/).filter((s) => s.trim().length > 0);
}

function splitOutsideParentheses(text: string, separator: RegExp): string[] {
  // Mask parenthesised spans so their commas and "or"s don't split the clause around them.
  const masked = text.replace(/\([^()]*\)/g, (span) => "\u0000".repeat(span.length));
  const pieces: string[] = [];
  let rest = masked;
  let offset = 0;
  for (let match = separator.exec(rest); match; match = separator.exec(rest)) {
    if (match[0].length === 0) break;
    pieces.push(text.slice(offset, offset + match.index));
    offset += match.index + match[0].length;
    rest = masked.slice(offset);
  }
  pieces.push(text.slice(offset));
  return pieces;
}
