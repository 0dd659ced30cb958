-- pgvector: vector columns and HNSW indexes (Prisma cannot express these; keep them when diffing).
CREATE EXTENSION IF NOT EXISTS vector;

-- CreateEnum
CREATE TYPE "CardStatus" AS ENUM ('active', 'suspended', 'retired');

-- CreateEnum
CREATE TYPE "CardKind" AS ENUM ('basic', 'reversed', 'cloze', 'topic', 'term');

-- CreateTable
CREATE TABLE "decks" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "path" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parent_id" TEXT,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notes" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "path" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "deck_id" TEXT NOT NULL,
    "last_imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "missing_since" TIMESTAMPTZ(3),

    CONSTRAINT "notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "passages" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "note_id" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "heading_path" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "text" TEXT NOT NULL,
    "start_line" INTEGER NOT NULL,
    "end_line" INTEGER NOT NULL,
    "content_hash" TEXT NOT NULL,
    "search_text" tsvector GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED,

    CONSTRAINT "passages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cards" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "note_id" TEXT,
    "deck_id" TEXT NOT NULL,
    "front" TEXT NOT NULL,
    "back" TEXT NOT NULL,
    "kind" "CardKind" NOT NULL DEFAULT 'basic',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "source_path" TEXT,
    "start_line" INTEGER,
    "end_line" INTEGER,
    "sibling_key" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "content_hash" TEXT NOT NULL,
    "status" "CardStatus" NOT NULL DEFAULT 'active',
    "retired_at" TIMESTAMPTZ(3),
    "merged_into_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Front weighs more than back in keyword ranking.
    "search_text" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', "front"), 'A') || setweight(to_tsvector('english', "back"), 'B')) STORED,

    CONSTRAINT "cards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "card_embeddings" (
    "card_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "text_hash" TEXT NOT NULL,
    "embedding" vector(384) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "card_embeddings_pkey" PRIMARY KEY ("card_id","model")
);

-- CreateTable
CREATE TABLE "passage_embeddings" (
    "passage_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "text_hash" TEXT NOT NULL,
    "embedding" vector(384) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "passage_embeddings_pkey" PRIMARY KEY ("passage_id","model")
);

-- CreateTable
CREATE TABLE "card_states" (
    "card_id" TEXT NOT NULL,
    "due" TIMESTAMPTZ(3) NOT NULL,
    "stability" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "difficulty" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "elapsed_days" INTEGER NOT NULL DEFAULT 0,
    "scheduled_days" INTEGER NOT NULL DEFAULT 0,
    "learning_steps" INTEGER NOT NULL DEFAULT 0,
    "reps" INTEGER NOT NULL DEFAULT 0,
    "lapses" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'new',
    "last_review" TIMESTAMPTZ(3),
    "buried_until" TIMESTAMPTZ(3),

    CONSTRAINT "card_states_pkey" PRIMARY KEY ("card_id")
);

-- CreateTable
CREATE TABLE "review_logs" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "card_id" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "state_before" JSONB NOT NULL,
    "state_after" JSONB NOT NULL,
    "elapsed_days" INTEGER NOT NULL,
    "scheduled_days" INTEGER NOT NULL,
    "duration_ms" INTEGER,
    "reviewed_at" TIMESTAMPTZ(3) NOT NULL,
    "idempotency_key" TEXT,
    "source" TEXT NOT NULL DEFAULT 'review',

    CONSTRAINT "review_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "graded_answers" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "card_id" TEXT,
    "question" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "score" DOUBLE PRECISION,
    "verdict" TEXT,
    "grader" TEXT,
    "model" TEXT,
    "explanation" TEXT,
    "points_hit" JSONB NOT NULL DEFAULT '[]',
    "points_missed" JSONB NOT NULL DEFAULT '[]',
    "citations" JSONB NOT NULL DEFAULT '[]',
    "fallback_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "graded_at" TIMESTAMPTZ(3),

    CONSTRAINT "graded_answers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "duplicate_dismissals" (
    "card_a" TEXT NOT NULL,
    "card_b" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "duplicate_dismissals_pkey" PRIMARY KEY ("card_a","card_b")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "decks_path_key" ON "decks"("path");

-- CreateIndex
CREATE UNIQUE INDEX "notes_path_key" ON "notes"("path");

-- CreateIndex
CREATE UNIQUE INDEX "passages_note_id_ordinal_key" ON "passages"("note_id", "ordinal");

-- CreateIndex
CREATE INDEX "cards_deck_id_status_idx" ON "cards"("deck_id", "status");

-- CreateIndex
CREATE INDEX "cards_note_id_idx" ON "cards"("note_id");

-- CreateIndex
CREATE INDEX "card_states_due_idx" ON "card_states"("due");

-- CreateIndex
CREATE INDEX "review_logs_card_id_reviewed_at_idx" ON "review_logs"("card_id", "reviewed_at");

-- CreateIndex
CREATE INDEX "review_logs_reviewed_at_idx" ON "review_logs"("reviewed_at");

-- CreateIndex
CREATE UNIQUE INDEX "review_logs_idempotency_key_key" ON "review_logs"("idempotency_key");

-- CreateIndex
CREATE INDEX "graded_answers_card_id_idx" ON "graded_answers"("card_id");

-- Full-text search (GIN over the generated tsvector columns).
CREATE INDEX "cards_search_text_idx" ON "cards" USING GIN ("search_text");
CREATE INDEX "passages_search_text_idx" ON "passages" USING GIN ("search_text");

-- Semantic search: HNSW over cosine distance.
CREATE INDEX "card_embeddings_embedding_idx" ON "card_embeddings" USING hnsw ("embedding" vector_cosine_ops);
CREATE INDEX "passage_embeddings_embedding_idx" ON "passage_embeddings" USING hnsw ("embedding" vector_cosine_ops);

-- AddForeignKey
ALTER TABLE "decks" ADD CONSTRAINT "decks_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "decks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notes" ADD CONSTRAINT "notes_deck_id_fkey" FOREIGN KEY ("deck_id") REFERENCES "decks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "passages" ADD CONSTRAINT "passages_note_id_fkey" FOREIGN KEY ("note_id") REFERENCES "notes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cards" ADD CONSTRAINT "cards_note_id_fkey" FOREIGN KEY ("note_id") REFERENCES "notes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cards" ADD CONSTRAINT "cards_deck_id_fkey" FOREIGN KEY ("deck_id") REFERENCES "decks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "card_embeddings" ADD CONSTRAINT "card_embeddings_card_id_fkey" FOREIGN KEY ("card_id") REFERENCES "cards"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "passage_embeddings" ADD CONSTRAINT "passage_embeddings_passage_id_fkey" FOREIGN KEY ("passage_id") REFERENCES "passages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "card_states" ADD CONSTRAINT "card_states_card_id_fkey" FOREIGN KEY ("card_id") REFERENCES "cards"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_logs" ADD CONSTRAINT "review_logs_card_id_fkey" FOREIGN KEY ("card_id") REFERENCES "cards"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "graded_answers" ADD CONSTRAINT "graded_answers_card_id_fkey" FOREIGN KEY ("card_id") REFERENCES "cards"("id") ON DELETE SET NULL ON UPDATE CASCADE;
