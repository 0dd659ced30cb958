/**
 * Problems a user (or a second tab) can cause while reviewing; each message says what to do.
 * `status` is the HTTP status the web routes answer with; `userFacing` lets the CLI print the
 * message without a stack.
 */
export class ReviewError extends Error {
  readonly userFacing = true;
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 422,
  ) {
    super(message);
    this.name = "ReviewError";
  }
}

export class CardNotFoundError extends ReviewError {
  constructor(cardId: string) {
    super(`No card with id "${cardId}"; it may have been removed by a re-import. Reload the page.`, 404);
    this.name = "CardNotFoundError";
  }
}

export class DeckNotFoundError extends ReviewError {
  constructor(deck: string) {
    super(`No deck "${deck}". Deck paths look like "interview/ml"; see the Decks page for the list.`, 404);
    this.name = "DeckNotFoundError";
  }
}

/** The card was answered (or changed) after the page showed it: another tab, or an undo elsewhere. */
export class StaleAnswerError extends ReviewError {
  constructor() {
    super("This card changed since it was shown (answered in another tab?). Nothing was recorded; load the next card.", 409);
    this.name = "StaleAnswerError";
  }
}

export class CardNotReviewableError extends ReviewError {
  constructor(status: string) {
    super(`This card is ${status} and cannot be answered. Unsuspend it first, or load the next card.`, 409);
    this.name = "CardNotReviewableError";
  }
}

export class NothingToUndoError extends ReviewError {
  constructor(reason: string) {
    super(reason, 409);
    this.name = "NothingToUndoError";
  }
}

export class CollectionNotEmptyError extends ReviewError {
  constructor(cards: number) {
    super(
      `This collection already has ${cards} cards; restoring would replace them. Restore into an empty ` +
        `database (a new RECALL_DATA_DIR), or pass --replace to delete the current collection first.`,
      409,
    );
    this.name = "CollectionNotEmptyError";
  }
}

export class InvalidBackupError extends ReviewError {
  constructor(message: string) {
    super(`Not a Recall backup: ${message}. Make one with \`cards export --format json\`.`, 400);
    this.name = "InvalidBackupError";
  }
}

export class InvalidSettingsError extends ReviewError {
  constructor(message: string) {
    super(message, 400);
    this.name = "InvalidSettingsError";
  }
}
