import path from "node:path";

// Paths come from the environment at run time; the turbopackIgnore hints stop Next.js from
// tracing the whole project into the server bundle because of them.

/** The Recall installation (bin/recall.mjs sets RECALL_APP_DIR so `npx recall` works anywhere). */
export function appDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.RECALL_APP_DIR ?? process.cwd());
}

/** Folder of the user's Markdown notes (RECALL_NOTES_DIR, default ./content). Imports cannot escape it. */
export function notesRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.RECALL_NOTES_DIR || path.join(appDir(env), "content"));
}

/** Where embedded PGlite keeps its files (RECALL_DATA_DIR, default ./.data). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.RECALL_DATA_DIR || path.join(appDir(env), ".data"));
}
