export { importNotes, normaliseDeckPath, type ImportOptions, type ImportResult, type ImportSummary, type ImportedCard, type FileReport } from "./sync";
export { collectNoteFiles, isInside, readImportedNote, type NoteFile } from "./files";
export { matchCards, textSimilarity, FRONT_SIMILARITY_THRESHOLD } from "./identity";
export { importFromNotesRoot, queueEmbeddingAfterImport, saveUploadedNotes, UploadError, UPLOAD_FOLDER, type ImportEmbedding } from "./service";
