import Link from "next/link";
import { tabClassName } from "@/components/ui/tabs";

const TABS = [
  { href: "/settings", label: "Profile" },
  { href: "/settings/security", label: "Security" },
] as const;

/** Links that look like tabs: each is its own page, so a nav with aria-current, not a tablist. */
export function SettingsTabs({ current }: { current: (typeof TABS)[number]["href"] }) {
  return (
    <nav aria-label="Settings" className="mb-6">
      <ul className="inline-flex flex-wrap items-center gap-1 rounded-lg bg-muted p-1">
        {TABS.map((tab) => (
          <li key={tab.href}>
            <Link href={tab.href} aria-current={tab.href === current ? "page" : undefined} className={tabClassName}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
