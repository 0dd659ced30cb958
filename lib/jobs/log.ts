import { scrubSecrets } from "../db/errors";
import type { JobLog } from "./types";

/** Job messages go to logs, which are read by more people than the config is: no passwords or keys. */
export function redactSecrets(message: string, env: Record<string, string | undefined> = process.env): string {
  const withoutUrlPasswords = message.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, "$1:***@");
  return scrubSecrets(withoutUrlPasswords, [env.OPENAI_API_KEY, env.RECALL_PASSWORD]);
}

export const consoleJobLog: JobLog = {
  info: (message) => console.log(`recall jobs: ${message}`),
  error: (message) => console.error(`recall jobs: ${message}`),
};

/** Every message through redactSecrets, whatever log it goes to. */
export function redactingLog(log: JobLog): JobLog {
  return { info: (message) => log.info(redactSecrets(message)), error: (message) => log.error(redactSecrets(message)) };
}
