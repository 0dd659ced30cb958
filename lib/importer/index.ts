export { importNotes, normaliseDeckPath, type ImportOptions, type ImportResult, type ImportSummary, type ImportedCard, type FileReport } from "./sync";
export { collectNoteFiles, isInside, readImportedNote, type NoteFile } from "./files";
export { matchCards, textSimilarity, FRONT_SIMILARITY_THRESHOLD } from "./identity";
export { importFromNotesRoot, queueEmbeddingAfterImport, waitForImportCheck, saveUploadedNotes, UploadError, UPLOAD_FOLDER, type ImportEmbedding } from "./service";
export { findImport, recentImports, checkImportsForDuplicates, embedAndCheckImports, UnknownImportError, type ImportRecord } from "./imports";
export { changedFilesText, checkSummary, settledCount } from "./check-summary";
