import { PendingPage } from "../pending-page";

export const metadata = { title: "Search" };

export default function SearchPage() {
  return <PendingPage title="Search">Search by meaning over your cards and notes is not available in this build yet.</PendingPage>;
}
