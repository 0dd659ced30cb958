/** A search or duplicates request the user can fix (unknown deck, bad option); the message says how. */
export class SearchInputError extends Error {
  /** Marks the error as safe to show as-is (cli/output.ts prints it without a stack). */
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "SearchInputError";
  }
}

/** A duplicates action named cards that do not exist (mistyped, or removed since the list was made). */
export class UnknownCardsError extends SearchInputError {
  constructor(readonly ids: string[]) {
    const named = ids.map((id) => JSON.stringify(id)).join(", ");
    super(`${ids.length === 1 ? "No card with id" : "No cards with ids"} ${named}: mistyped, or removed since the duplicates were listed (list them again).`);
    this.name = "UnknownCardsError";
  }
}
