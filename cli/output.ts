import { DatabaseSetupError } from "../lib/db";

export interface OutputOptions {
  json?: boolean;
}

/** Prints a command's result: JSON on stdout with --json, else the human rendering. */
export function emit<T>(result: T, options: OutputOptions, human: (result: T) => string): void {
  process.stdout.write(options.json ? JSON.stringify(result, null, 2) + "\n" : human(result) + "\n");
}

/** Known, fixable problems print their message (no stack) and exit 1; with --json as {"error"}. */
export function fail(error: unknown, options: OutputOptions): never {
  const message = error instanceof Error ? error.message : String(error);
  const known = error instanceof DatabaseSetupError || (error instanceof Error && error.name.endsWith("Error") && "userFacing" in error);
  if (options.json) process.stdout.write(JSON.stringify({ error: message }) + "\n");
  process.stderr.write(`error: ${message}\n`);
  if (!known && process.env.RECALL_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
