/** A search or duplicates request the user can fix (unknown deck, bad option); the message says how. */
export class SearchInputError extends Error {
  /** Marks the error as safe to show as-is (cli/output.ts prints it without a stack). */
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "SearchInputError";
  }
}
