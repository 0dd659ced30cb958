-- Each app instance builds the review queue once and keeps it in memory (lib/review/session-queue.ts).
-- Any change that can add, remove or reorder its cards, other than answering one, moves this
-- sequence on, and every instance rebuilds when it sees a new value. Answers don't: the queue
-- already skips cards answered today, so a review session never pays for a rebuild per answer.
CREATE SEQUENCE "review_queue_generation";

-- Statement-level, and only when rows changed: an import of 10k cards bumps once, a no-op never.
CREATE FUNCTION "bump_review_queue_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_rows) THEN
    PERFORM nextval('review_queue_generation');
  END IF;
  RETURN NULL;
END $$;

-- Answers move `reps` on; any other change of when or whether a card is due is not an answer.
CREATE FUNCTION "bump_review_queue_generation_unless_answer"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM changed_new n JOIN changed_old o ON o.card_id = n.card_id
    WHERE n.reps = o.reps
      AND (n.due, n.state, n.stability, n.buried_until) IS DISTINCT FROM (o.due, o.state, o.stability, o.buried_until)
  ) THEN
    PERFORM nextval('review_queue_generation');
  END IF;
  RETURN NULL;
END $$;

-- Only review settings shape the queue; other keys (a stored duplicate scan) leave it be.
CREATE FUNCTION "bump_review_queue_generation_for_review_settings"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_rows WHERE key = 'review' OR key LIKE 'review.%') THEN
    PERFORM nextval('review_queue_generation');
  END IF;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence a trigger per table and event.
CREATE TRIGGER "cards_insert_review_queue" AFTER INSERT ON "cards" REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation"();
CREATE TRIGGER "cards_update_review_queue" AFTER UPDATE ON "cards" REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation"();
CREATE TRIGGER "cards_delete_review_queue" AFTER DELETE ON "cards" REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation"();

CREATE TRIGGER "decks_insert_review_queue" AFTER INSERT ON "decks" REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation"();
CREATE TRIGGER "decks_update_review_queue" AFTER UPDATE ON "decks" REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation"();
CREATE TRIGGER "decks_delete_review_queue" AFTER DELETE ON "decks" REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation"();

CREATE TRIGGER "settings_insert_review_queue" AFTER INSERT ON "settings" REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation_for_review_settings"();
CREATE TRIGGER "settings_update_review_queue" AFTER UPDATE ON "settings" REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation_for_review_settings"();
CREATE TRIGGER "settings_delete_review_queue" AFTER DELETE ON "settings" REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation_for_review_settings"();

CREATE TRIGGER "card_states_insert_review_queue" AFTER INSERT ON "card_states" REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation"();
CREATE TRIGGER "card_states_delete_review_queue" AFTER DELETE ON "card_states" REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation"();
CREATE TRIGGER "card_states_update_review_queue" AFTER UPDATE ON "card_states"
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation_unless_answer"();

-- Restoring a backup over a collection empties the tables first.
CREATE FUNCTION "bump_review_queue_generation_on_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('review_queue_generation');
  RETURN NULL;
END $$;
CREATE TRIGGER "cards_truncate_review_queue" AFTER TRUNCATE ON "cards"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation_on_truncate"();
CREATE TRIGGER "card_states_truncate_review_queue" AFTER TRUNCATE ON "card_states"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation_on_truncate"();
CREATE TRIGGER "decks_truncate_review_queue" AFTER TRUNCATE ON "decks"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation_on_truncate"();
CREATE TRIGGER "settings_truncate_review_queue" AFTER TRUNCATE ON "settings"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_review_queue_generation_on_truncate"();
