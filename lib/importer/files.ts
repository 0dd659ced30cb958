import fs from "node:fs";
import path from "node:path";

export interface NoteFile {
  absolutePath: string;
  /** Stored note path: relative to the notes root, or absolute when outside it. */
  notePath: string;
  /** Path relative to the folder the user named: the deck comes from it. */
  deckPath: string;
}

export interface FileIssue {
  path: string;
  line: number;
  severity: "error" | "warning";
  message: string;
}

const NOTE_EXTENSIONS = new Set([".md", ".markdown", ".txt"]);
const SKIPPED_DIRS = new Set(["node_modules", ".git", ".obsidian", ".trash", ".data", ".next"]);

export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

const toPosix = (p: string) => p.split(path.sep).join("/");

export interface CollectOptions {
  /** The notes root (RECALL_NOTES_DIR). */
  root: string;
  /**
   * When true (the web app) every path must lie inside the root, symlinks included. The CLI
   * passes false: a folder the user names outside the root is imported relative to itself.
   */
  confine: boolean;
}

/**
 * Expands files and folders into note files. Follows symlinks only within the allowed folder,
 * never loops, skips tool folders (.git, .obsidian, node_modules).
 */
export function collectNoteFiles(paths: string[], options: CollectOptions): { files: NoteFile[]; issues: FileIssue[]; folders: string[] } {
  const root = fs.existsSync(options.root) ? fs.realpathSync(options.root) : path.resolve(options.root);
  const files = new Map<string, NoteFile>();
  const issues: FileIssue[] = [];
  const folders: string[] = [];

  for (const given of paths) {
    const requested = path.resolve(options.confine ? root : process.cwd(), given);
    let real: string;
    try {
      real = fs.realpathSync(requested);
    } catch {
      issues.push({ path: given, line: 0, severity: "error", message: "no such file or folder" });
      continue;
    }
    if (options.confine && !isInside(root, real)) {
      issues.push({ path: given, line: 0, severity: "error", message: `outside the notes folder ${root}; only notes inside it can be imported` });
      continue;
    }
    const stat = fs.statSync(real);
    const base = isInside(root, real) ? root : stat.isDirectory() ? real : path.dirname(real);
    const notePathOf = (file: string) => (isInside(root, file) ? toPosix(path.relative(root, file)) : file);
    const deckPathOf = (file: string) => toPosix(path.relative(base, file));

    if (stat.isFile()) {
      files.set(real, { absolutePath: real, notePath: notePathOf(real), deckPath: deckPathOf(real) });
      continue;
    }
    if (!stat.isDirectory()) {
      issues.push({ path: given, line: 0, severity: "error", message: "not a regular file or folder" });
      continue;
    }
    folders.push(notePathOf(real) === "" ? "" : notePathOf(real));
    const visited = new Set<string>();
    const walk = (dir: string) => {
      if (visited.has(dir)) return; // a symlink loop
      visited.add(dir);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        issues.push({ path: notePathOf(dir), line: 0, severity: "error", message: `cannot read folder: ${(error as Error).message}` });
        return;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.name.startsWith(".") || SKIPPED_DIRS.has(entry.name)) continue;
        const full = path.join(dir, entry.name);
        let target = full;
        if (entry.isSymbolicLink()) {
          try {
            target = fs.realpathSync(full);
          } catch {
            issues.push({ path: notePathOf(full), line: 0, severity: "warning", message: "broken symbolic link, skipped" });
            continue;
          }
          if (!isInside(options.confine ? root : base, target)) {
            issues.push({ path: notePathOf(full), line: 0, severity: "warning", message: "symbolic link points outside the notes folder, skipped" });
            continue;
          }
        }
        const targetStat = fs.statSync(target);
        if (targetStat.isDirectory()) walk(target);
        else if (targetStat.isFile() && NOTE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()) && !files.has(target)) {
          files.set(target, { absolutePath: target, notePath: notePathOf(target), deckPath: deckPathOf(target) });
        }
      }
    };
    walk(real);
  }
  return { files: [...files.values()].sort((a, b) => a.notePath.localeCompare(b.notePath)), issues, folders };
}

/**
 * The text of an imported note, for "open source note". Only notes that were imported can be read,
 * and a relative path cannot leave the notes root: the web app never serves arbitrary files.
 */
export function readImportedNote(notePath: string, root: string): string | null {
  const absolute = path.isAbsolute(notePath) ? notePath : path.resolve(root, notePath);
  if (!path.isAbsolute(notePath) && !isInside(path.resolve(root), absolute)) return null;
  try {
    return fs.readFileSync(absolute, "utf8");
  } catch {
    return null;
  }
}
