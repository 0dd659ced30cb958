export interface Source {
  path: string | null;
  startLine: number | null;
  endLine: number | null;
}

/** "notes/x.md:12–30" */
export function sourceLabel({ path, startLine, endLine }: Source): string | null {
  if (!path) return null;
  if (!startLine) return path;
  return endLine && endLine !== startLine ? `${path}:${startLine}–${endLine}` : `${path}:${startLine}`;
}

/** The note viewer, scrolled to and marking the lines the hit came from. */
export function sourceHref({ path, startLine, endLine }: Source): string | null {
  if (!path) return null;
  const lines = startLine ? `&lines=${startLine}-${endLine ?? startLine}#L${startLine}` : "";
  return `/notes?path=${encodeURIComponent(path)}${lines}`;
}
