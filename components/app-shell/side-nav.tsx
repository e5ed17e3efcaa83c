"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export interface NavItem {
  href: string;
  label: string;
  /** Something waiting there (open recovery requests): shown as a number, read out as `label`. */
  count?: { value: number; label: string };
}

export interface NavSection {
  title?: string;
  items: NavItem[];
}

/** The main navigation, in the side panel (or its sheet on a phone: `onNavigate` closes it). */
export function SideNav({ sections, onNavigate }: { sections: NavSection[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="space-y-6">
      {sections.map((section) => (
        <div key={section.title ?? "main"}>
          {section.title ? (
            <p className="px-3 pb-1 text-xs font-semibold tracking-wide text-sidebar-foreground/80 uppercase">{section.title}</p>
          ) : null}
          <ul className="space-y-0.5">
            {section.items.map((item) => {
              const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    onClick={onNavigate}
                    aria-current={active ? "page" : undefined}
                    // The count is read out in words ("Login and 2FA, 2 open recovery requests"), the badge is for the eye.
                    aria-label={item.count ? `${item.label}, ${item.count.label}` : undefined}
                    className={cn(
                      "flex min-h-11 items-center rounded-md px-3 text-sm font-medium text-sidebar-foreground hover:bg-sidebar-active focus-visible:outline-2 focus-visible:outline-sidebar-brand md:min-h-9",
                      active && "bg-sidebar-active font-semibold shadow-[inset_3px_0_0_var(--sidebar-brand)]",
                    )}
                  >
                    {item.label}
                    {/* The space keeps the visible text ("Login and 2FA 1") inside the spoken name. */}
                    {item.count ? " " : null}
                    {item.count ? (
                      <span
                        aria-hidden
                        className="ml-auto inline-flex min-w-5 items-center justify-center rounded-full bg-sidebar-brand px-1.5 text-xs font-semibold text-sidebar"
                      >
                        {item.count.value}
                      </span>
                    ) : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
