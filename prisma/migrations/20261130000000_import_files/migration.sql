-- The files an import changed, so a list of imports says what each one was about.
ALTER TABLE "imports" ADD COLUMN "files" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
