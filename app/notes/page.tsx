import Link from "next/link";
import { notesRoot } from "@/lib/config";
import { getDatabase } from "@/lib/db";
import { readImportedNote } from "@/lib/importer";

export const dynamic = "force-dynamic";
export const metadata = { title: "Note" };

function parseLines(lines: string | undefined): [number, number] | null {
  const match = /^(\d+)(?:-(\d+))?$/.exec(lines ?? "");
  return match ? [Number(match[1]), Number(match[2] ?? match[1])] : null;
}

export default async function NotePage({ searchParams }: { searchParams: Promise<{ path?: string; lines?: string }> }) {
  const { path, lines } = await searchParams;
  const db = await getDatabase();
  const note = path ? await db.prisma.note.findUnique({ where: { path }, select: { path: true } }) : null;
  const text = note ? readImportedNote(note.path, notesRoot()) : null;
  if (!note || text === null) {
    return (
      <section className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Note not found</h1>
        <p className="text-stone-600">
          {path ? <code>{path}</code> : "No note given"} is not an imported note, or its file is gone. <Link href="/import" className="text-sky-700 hover:underline">Import your notes</Link>.
        </p>
      </section>
    );
  }
  const range = parseLines(lines);
  return (
    <section className="space-y-3">
      <h1 className="break-all font-mono text-lg font-semibold">{note.path}</h1>
      <ol className="overflow-x-auto rounded-lg border border-stone-200 bg-white py-2 font-mono text-xs leading-5">
        {text.split("\n").map((line, index) => {
          const number = index + 1;
          const marked = range !== null && number >= range[0] && number <= range[1];
          return (
            <li key={number} id={`L${number}`} className={`flex scroll-mt-24 gap-4 px-3 ${marked ? "bg-amber-100" : ""}`}>
              <span className="w-10 shrink-0 select-none text-right text-stone-400">{number}</span>
              <span className="whitespace-pre-wrap break-words">{line || " "}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
