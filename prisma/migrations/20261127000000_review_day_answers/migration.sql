-- Before each card the review queue needs how many cards were answered today (per deck, for the
-- daily limits) and whether a card's sibling was answered today. Read from review_logs that costs
-- time in proportion to the day's answers; these two tables, kept by triggers, answer it in time
-- that doesn't grow: answers per deck and state in 15-minute buckets (a study day starts on a
-- quarter hour in every time zone, so any day is a range of buckets), and the last answer per
-- sibling key. Both count review_logs with source 'review' as their cards are now (deck, sibling).
CREATE TABLE "review_answer_counts" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "deck_id" TEXT NOT NULL,
  "state_before" TEXT NOT NULL,
  "answers" INTEGER NOT NULL,
  CONSTRAINT "review_answer_counts_pkey" PRIMARY KEY ("bucket", "deck_id", "state_before")
);

CREATE TABLE "review_last_answers" (
  "sibling_key" TEXT NOT NULL,
  "answered_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "review_last_answers_pkey" PRIMARY KEY ("sibling_key")
);

-- Siblings share a key; a card without one is its own.
CREATE INDEX "cards_sibling_key_idx" ON "cards" ((coalesce("sibling_key", "id")));

CREATE FUNCTION "review_answer_bucket"(at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00')
$$;

-- The last answer of each key, read again from review_logs (after an undo or a move).
CREATE FUNCTION "refresh_review_last_answers"(keys text[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM review_last_answers WHERE sibling_key = ANY(keys);
  INSERT INTO review_last_answers (sibling_key, answered_at)
  SELECT coalesce(c.sibling_key, c.id), max(l.reviewed_at)
  FROM cards c JOIN review_logs l ON l.card_id = c.id
  WHERE coalesce(c.sibling_key, c.id) = ANY(keys) AND l.source = 'review'
  GROUP BY 1;
$$;

-- Logs added (an answer, a restore) count; a count may stay at 0. A log without a state (written
-- by another tool) counts as neither new nor review.
CREATE FUNCTION "count_added_review_answers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO review_answer_counts (bucket, deck_id, state_before, answers)
  SELECT review_answer_bucket(r.reviewed_at), c.deck_id, coalesce(r.state_before->>'state', ''), count(*)::int
  FROM new_rows r JOIN cards c ON c.id = r.card_id
  WHERE r.source = 'review'
  GROUP BY 1, 2, 3
  ON CONFLICT (bucket, deck_id, state_before) DO UPDATE SET answers = review_answer_counts.answers + excluded.answers;

  INSERT INTO review_last_answers (sibling_key, answered_at)
  SELECT coalesce(c.sibling_key, c.id), max(r.reviewed_at)
  FROM new_rows r JOIN cards c ON c.id = r.card_id
  WHERE r.source = 'review'
  GROUP BY 1
  ON CONFLICT (sibling_key) DO UPDATE SET answered_at = greatest(review_last_answers.answered_at, excluded.answered_at);
  RETURN NULL;
END $$;

-- Logs removed (an undo) stop counting; their keys' last answers are read again.
CREATE FUNCTION "count_removed_review_answers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO review_answer_counts (bucket, deck_id, state_before, answers)
  SELECT review_answer_bucket(r.reviewed_at), c.deck_id, coalesce(r.state_before->>'state', ''), -count(*)::int
  FROM old_rows r JOIN cards c ON c.id = r.card_id
  WHERE r.source = 'review'
  GROUP BY 1, 2, 3
  ON CONFLICT (bucket, deck_id, state_before) DO UPDATE SET answers = review_answer_counts.answers + excluded.answers;

  PERFORM refresh_review_last_answers(ARRAY(
    SELECT DISTINCT coalesce(c.sibling_key, c.id) FROM old_rows r JOIN cards c ON c.id = r.card_id WHERE r.source = 'review'));
  RETURN NULL;
END $$;

-- A card moved to another deck or sibling key takes its answers along. The moved cards are
-- collected first, so their logs are then read by index, however many cards the update touched.
CREATE FUNCTION "move_review_answers"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved_ids text[];
  old_decks text[];
  new_decks text[];
  moved_keys text[];
BEGIN
  SELECT array_agg(o.id), array_agg(o.deck_id), array_agg(n.deck_id) INTO moved_ids, old_decks, new_decks
  FROM changed_old o JOIN changed_new n ON n.id = o.id
  WHERE n.deck_id <> o.deck_id;
  IF moved_ids IS NOT NULL THEN
    INSERT INTO review_answer_counts (bucket, deck_id, state_before, answers)
    SELECT review_answer_bucket(l.reviewed_at), side.deck_id, coalesce(l.state_before->>'state', ''), sum(side.sign)::int
    FROM unnest(moved_ids, old_decks, new_decks) AS m(id, old_deck, new_deck)
      JOIN review_logs l ON l.card_id = m.id
      CROSS JOIN LATERAL (VALUES (m.old_deck, -1), (m.new_deck, 1)) AS side(deck_id, sign)
    WHERE l.source = 'review'
    GROUP BY 1, 2, 3
    ON CONFLICT (bucket, deck_id, state_before) DO UPDATE SET answers = review_answer_counts.answers + excluded.answers;
  END IF;

  SELECT array_agg(DISTINCT key) INTO moved_keys
  FROM changed_old o JOIN changed_new n ON n.id = o.id,
    unnest(ARRAY[coalesce(o.sibling_key, o.id), coalesce(n.sibling_key, n.id)]) AS key
  WHERE coalesce(n.sibling_key, n.id) <> coalesce(o.sibling_key, o.id);
  IF moved_keys IS NOT NULL THEN
    PERFORM refresh_review_last_answers(moved_keys);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "clear_review_answers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE review_answer_counts, review_last_answers;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence a trigger per event.
CREATE TRIGGER "review_logs_insert_answers" AFTER INSERT ON "review_logs" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "count_added_review_answers"();
CREATE TRIGGER "review_logs_delete_answers" AFTER DELETE ON "review_logs" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "count_removed_review_answers"();
-- An update is its old rows removed and its new rows added.
CREATE TRIGGER "review_logs_update_answers_removed" AFTER UPDATE ON "review_logs" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "count_removed_review_answers"();
CREATE TRIGGER "review_logs_update_answers_added" AFTER UPDATE ON "review_logs" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "count_added_review_answers"();
CREATE TRIGGER "review_logs_truncate_answers" AFTER TRUNCATE ON "review_logs"
  FOR EACH STATEMENT EXECUTE FUNCTION "clear_review_answers"();
CREATE TRIGGER "cards_update_answers" AFTER UPDATE ON "cards" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION "move_review_answers"();

INSERT INTO review_answer_counts (bucket, deck_id, state_before, answers)
SELECT review_answer_bucket(l.reviewed_at), c.deck_id, coalesce(l.state_before->>'state', ''), count(*)::int
FROM review_logs l JOIN cards c ON c.id = l.card_id
WHERE l.source = 'review'
GROUP BY 1, 2, 3;

INSERT INTO review_last_answers (sibling_key, answered_at)
SELECT coalesce(c.sibling_key, c.id), max(l.reviewed_at)
FROM review_logs l JOIN cards c ON c.id = l.card_id
WHERE l.source = 'review'
GROUP BY 1;
