import { plural } from "@/lib/plural";

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago": how long since a scan or an import. */
export function age(since: Date, now = Date.now()): string {
  const minutes = Math.round((now - since.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${plural(minutes, "minute")} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${plural(hours, "hour")} ago`;
  return `${Math.round(hours / 24)} days ago`;
}
