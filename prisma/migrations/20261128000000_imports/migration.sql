-- Each import is recorded with the cards it added or changed. Web imports and `cards import` on
-- PostgreSQL return before those cards are embedded, so the embed job checks them for near-duplicates
-- once they have vectors and stores the flags here, where the import's summary reads them.
-- CreateTable
CREATE TABLE "imports" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "summary" JSONB NOT NULL,
    "card_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "duplicates" JSONB NOT NULL DEFAULT '[]',
    "checked_at" TIMESTAMPTZ(3),

    CONSTRAINT "imports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "imports_imported_at_idx" ON "imports"("imported_at");

-- The embed job looks for the imports not checked yet; once checked, an import is only read by id.
CREATE INDEX "imports_unchecked_idx" ON "imports"("imported_at") WHERE "checked_at" IS NULL;
