"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Content cut at a maximum height (`limit`, a Tailwind max-h class): when it is actually cut, it fades
 * out at the bottom so the cut shows, and `expandable` adds a button to show all of it.
 */
export function Clipped({ limit, expandable = false, children }: { limit: string; expandable?: boolean; children: React.ReactNode }) {
  const outer = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const [clipped, setClipped] = useState(false);
  const [expanded, setExpanded] = useState(false);
  useEffect(() => {
    if (!outer.current || !inner.current) return;
    const box = outer.current;
    // The content's height changes with the window's width, fonts and math rendering: watch it.
    const observer = new ResizeObserver(() => setClipped(box.scrollHeight > box.clientHeight + 1));
    observer.observe(box);
    observer.observe(inner.current);
    return () => observer.disconnect();
  }, []);
  const cut = clipped && !expanded;
  return (
    <div>
      <div ref={outer} className={`overflow-hidden ${expanded ? "" : limit} ${cut ? "[mask-image:linear-gradient(to_bottom,black_70%,transparent)]" : ""}`}>
        <div ref={inner}>{children}</div>
      </div>
      {expandable && (clipped || expanded) && (
        <button type="button" onClick={() => setExpanded(!expanded)} aria-expanded={expanded} className="mt-1 text-xs font-medium text-stone-600 hover:text-stone-900">
          {expanded ? "Show less" : "Show all"}
        </button>
      )}
    </div>
  );
}
