import type { Database } from "../lib/db";

/**
 * 20 decks; cards 10% new, 0.3% learning, 0.2% relearning, the rest reviews spread from 5 days
 * overdue to 60 days ahead. `answeredToday` review logs are dated in the last minute (a busy day:
 * the queue must not slow down as they grow).
 */
export async function generateCollection(db: Database, options: { cards: number; reviews: number; answeredToday?: number }): Promise<void> {
  const q = (sql: string) => db.driver.exec(sql);
  await q(`SELECT setseed(0.42)`);
  await q(`INSERT INTO decks (id, path, name) SELECT 'deck-' || k, 'bench/deck-' || lpad(k::text, 2, '0'), 'deck-' || k FROM generate_series(1, 20) k`);
  await q(`
    INSERT INTO cards (id, deck_id, front, back, content_hash, sibling_key, position, created_at, source_path, start_line, end_line)
    SELECT 'card-' || lpad(i::text, 8, '0'), 'deck-' || (i % 20 + 1), 'Question ' || i || ' about topic ' || (i % 977) || '?',
           'Answer ' || i, md5(i::text), 'note-' || (i / 2), i % 2, now() - interval '400 days' + i * interval '1 minute',
           'bench/note-' || (i / 2) || '.md', 1, 3
    FROM generate_series(1, ${options.cards}) i`);
  await q(`
    INSERT INTO card_states (card_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review)
    SELECT id,
      CASE kind WHEN 'new' THEN created_at WHEN 'review' THEN now() + (random() * 65 - 5) * interval '1 day' ELSE now() + (random() * 40 - 20) * interval '1 minute' END,
      CASE kind WHEN 'new' THEN 0 ELSE 1 + random() * 120 END,
      CASE kind WHEN 'new' THEN 0 ELSE 1 + random() * 9 END,
      0, CASE kind WHEN 'review' THEN 1 + floor(random() * 120)::int ELSE 0 END, CASE kind WHEN 'new' THEN 0 ELSE 1 END,
      CASE kind WHEN 'new' THEN 0 ELSE 3 + floor(random() * 15)::int END, floor(random() * 2)::int, kind,
      CASE kind WHEN 'new' THEN NULL ELSE now() - (1 + random() * 100) * interval '1 day' END
    FROM (SELECT id, created_at, CASE WHEN n % 1000 < 100 THEN 'new' WHEN n % 1000 < 103 THEN 'learning' WHEN n % 1000 < 105 THEN 'relearning' ELSE 'review' END AS kind
          FROM (SELECT id, created_at, row_number() OVER (ORDER BY id) AS n FROM cards) numbered) typed`);
  // Logs over the past year, none in the current study day (they would count against today's limits).
  await q(`
    WITH started AS (SELECT array_agg(card_id ORDER BY card_id) AS ids FROM card_states WHERE state <> 'new')
    INSERT INTO review_logs (card_id, rating, state_before, state_after, elapsed_days, scheduled_days, duration_ms, reviewed_at, source)
    SELECT ids[1 + (g.j % array_length(ids, 1))], r.rating,
      jsonb_build_object('due', g.at, 'stability', g.s, 'difficulty', 5, 'elapsedDays', 3, 'scheduledDays', 3, 'learningSteps', 0,
        'reps', 3, 'lapses', 0, 'state', CASE WHEN g.j % 10 = 0 THEN 'learning' ELSE 'review' END, 'lastReview', g.at - interval '3 days'),
      jsonb_build_object('due', g.at + interval '5 days', 'stability', g.s * 1.5, 'difficulty', 5, 'elapsedDays', 3, 'scheduledDays', 5,
        'learningSteps', 0, 'reps', 4, 'lapses', 0, 'state', 'review', 'lastReview', g.at),
      3, 5, 3000 + (g.j % 7000), g.at, 'review'
    FROM started,
      -- random() in a plain select list is drawn per row (an uncorrelated LATERAL would be drawn once).
      (SELECT j, now() - interval '2 days' - random() * interval '363 days' AS at, 1 + random() * 50 AS s, random() AS luck
       FROM generate_series(1, ${options.reviews}) j) g,
      LATERAL (SELECT CASE WHEN g.luck < 0.1 THEN 1 WHEN g.luck < 0.2 THEN 2 WHEN g.luck < 0.9 THEN 3 ELSE 4 END AS rating) r`);
  if (options.answeredToday) {
    await q(`
      WITH started AS (SELECT array_agg(card_id ORDER BY card_id) AS ids FROM card_states WHERE state = 'review')
      INSERT INTO review_logs (card_id, rating, state_before, state_after, elapsed_days, scheduled_days, duration_ms, reviewed_at, source)
      SELECT ids[1 + (j * 7919 % array_length(ids, 1))], 3, '{"state":"review"}', '{"state":"review"}', 3, 5, 3000,
        now() - (j % 60) * interval '1 second', 'review'
      FROM started, generate_series(1, ${options.answeredToday}) j`);
  }
  await q(`ANALYZE`);
}

