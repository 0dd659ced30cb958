export { embedPending, countPendingEmbeddings, countPendingCards, cardEmbeddingText, passageEmbeddingText, type EmbedPendingOptions, type EmbedPendingResult, type EmbedProgress } from "./embed-pending";
export { searchNotes } from "./search";
export { foldRepeatedPassages } from "./fold";
export { SearchRequest, SEARCH_MODES, RESULT_TYPES, type SearchMode, type ResultType, type SearchResult, type SearchResponse } from "./types";
export { MAX_QUERY_CHARS } from "./query-text";
export { similarCards, type SimilarCard } from "./similar";
export {
  findDuplicateClusters,
  findDuplicatePairs,
  duplicateClustersFromPairs,
  flagNewDuplicates,
  flagStates,
  flagSettlement,
  keepDuplicate,
  dismissDuplicates,
  suspendCards,
  DEFAULT_DUPLICATE_THRESHOLD,
  type DuplicateCard,
  type DuplicateCluster,
  type DuplicateFlag,
  type FlagState,
  type FlaggedCard,
  type DuplicateScanOptions,
} from "./duplicates";
export type { SimilarPair } from "./clusters";
export { SearchInputError, UnknownCardsError } from "./errors";
export { sharedEmbedder } from "./shared";
