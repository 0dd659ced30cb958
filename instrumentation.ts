/** Next.js calls this once when the server starts: the web server's job worker starts with it, not on the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { sharedJobQueue } = await import("./lib/jobs");
  // Not awaited: serving must not wait for the database; a failure is logged and retried on first use.
  sharedJobQueue().catch((error: Error) => console.error(`recall jobs: the job queue did not start: ${error.message}`));
}
