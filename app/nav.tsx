"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/review", label: "Review" },
  { href: "/quiz", label: "Quiz" },
  { href: "/search", label: "Search" },
  { href: "/decks", label: "Decks" },
  { href: "/duplicates", label: "Duplicates" },
  { href: "/stats", label: "Stats" },
  { href: "/import", label: "Import" },
  { href: "/settings", label: "Settings" },
];

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-wrap items-center gap-1 text-sm">
      {links.map((link) => {
        const active = pathname === link.href || pathname.startsWith(link.href + "/");
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 font-medium transition-colors ${
              active ? "bg-stone-900 text-white" : "text-stone-600 hover:bg-stone-200 hover:text-stone-900"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
