import { PendingPage } from "../pending-page";

export const metadata = { title: "Stats" };

export default function StatsPage() {
  return <PendingPage title="Stats">Review statistics appear here once you have reviewed cards.</PendingPage>;
}
