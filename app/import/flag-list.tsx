import Link from "next/link";
import type { FlagState } from "@/lib/search";
import { sourceHref, sourceLabel } from "../search/source-link";

// A large import can flag hundreds of cards; past these, the Duplicates page is the better list.
const SHOWN_FLAGS = 20;

/** An import's near-duplicate flags, each linked to both cards' notes; settled ones say how. */
export function FlagList({ flags }: { flags: FlagState[] }) {
  return (
    <>
      <ul className="mt-2 space-y-2">
        {flags.slice(0, SHOWN_FLAGS).map((flag) => (
          <li key={`${flag.card.id}:${flag.similarTo.id}`} data-testid="duplicate-flag" className={flag.settled ? "text-amber-800/70" : undefined}>
            <p className="break-words">{flag.message}</p>
            {flag.settled && <p className="text-xs font-medium text-emerald-800">✓ Settled: {flag.settled}</p>}
            <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-amber-800">
              {(
                [
                  ["new card", flag.card],
                  ["similar card", flag.similarTo],
                ] as const
              ).map(([role, card]) => {
                const href = sourceHref(card.source);
                return href ? (
                  <span key={role}>
                    {role}:{" "}
                    <Link href={href} className="break-all font-mono underline-offset-2 hover:underline">
                      {sourceLabel(card.source)}
                    </Link>
                  </span>
                ) : null;
              })}
            </p>
          </li>
        ))}
      </ul>
      {flags.length > SHOWN_FLAGS && <p className="mt-2">…and {flags.length - SHOWN_FLAGS} more.</p>}
    </>
  );
}
