import { notesRoot } from "@/lib/config";
import { PendingPage } from "../pending-page";

export const metadata = { title: "Import" };

export default function ImportPage() {
  return (
    <PendingPage title="Import">
      Importing from the browser is not available in this build yet. Your notes folder is <code>{notesRoot()}</code>.
    </PendingPage>
  );
}
