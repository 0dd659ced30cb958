import { z } from "zod";
import { CardKind, CardStatus } from "../generated/prisma/enums";

export const SEARCH_MODES = ["hybrid", "semantic", "keyword"] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];
export const RESULT_TYPES = ["card", "passage"] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

/** What a caller may ask for; the CLI and the API validate their input with this at the boundary. */
export const SearchRequest = z.object({
  query: z.string(),
  mode: z.enum(SEARCH_MODES).default("hybrid"),
  /** Deck path; its sub-decks are included. */
  deck: z.string().trim().min(1).optional(),
  tag: z.string().trim().min(1).optional(),
  kind: z.enum(Object.values(CardKind) as [CardKind, ...CardKind[]]).optional(),
  /** Default: active cards only. */
  status: z.enum(Object.values(CardStatus) as [CardStatus, ...CardStatus[]]).optional(),
  /** Default both. Tag, kind and status describe cards, so setting any of them leaves passages out. */
  types: z.array(z.enum(RESULT_TYPES)).min(1).optional(),
  limit: z.number().int().min(1).max(100).default(10),
});
export type SearchRequest = z.input<typeof SearchRequest>;

export interface SearchResult {
  type: ResultType;
  id: string;
  /** Cards only. */
  front?: string;
  back?: string;
  /** Passages only. */
  text?: string;
  /** Deck path. */
  deck: string;
  /** Higher is better; comparable within one response only. */
  score: number;
  source: { path: string | null; startLine: number | null; endLine: number | null };
  /** Words of the hit that match the query's words (stemmed), for highlighting. */
  highlights: string[];
}

export interface SearchResponse {
  results: SearchResult[];
}
