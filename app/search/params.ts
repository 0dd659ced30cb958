import { z } from "zod";
import { RESULT_TYPES, SEARCH_MODES, type SearchRequest } from "@/lib/search";

const optionalText = z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), z.string().trim().max(200).optional());

/** The search page's URL and /api/search share one vocabulary: ?q=&mode=&deck=&type=&limit= (and tag, kind, status). */
const SearchParams = z.object({
  q: z.string().default(""),
  mode: z.enum(SEARCH_MODES).catch("hybrid"),
  deck: optionalText,
  tag: optionalText,
  kind: z.enum(["basic", "reversed", "cloze", "topic", "term"]).optional(),
  status: z.enum(["active", "suspended", "retired"]).optional(),
  type: z.enum(RESULT_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export type SearchParams = z.infer<typeof SearchParams>;

export function parseSearchParams(params: Record<string, string | string[] | undefined>): { ok: true; params: SearchParams } | { ok: false; error: string } {
  const single = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const parsed = SearchParams.safeParse(single);
  return parsed.success ? { ok: true, params: parsed.data } : { ok: false, error: z.prettifyError(parsed.error) };
}

export function searchRequest(params: SearchParams): SearchRequest {
  return {
    query: params.q,
    mode: params.mode,
    deck: params.deck,
    tag: params.tag,
    kind: params.kind,
    status: params.status,
    types: params.type ? [params.type] : undefined,
    limit: params.limit,
  };
}

export const defaultSearchParams: SearchParams = SearchParams.parse({});
