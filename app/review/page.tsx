import { PendingPage } from "../pending-page";

export const metadata = { title: "Review" };

export default function ReviewPage() {
  return <PendingPage title="Review">Daily review with FSRS scheduling is not available in this build yet.</PendingPage>;
}
