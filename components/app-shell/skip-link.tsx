"use client";

import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/** The first thing Tab reaches on every page: straight to the page's one <main id="main">. */
export function SkipLink() {
  return (
    <a
      href="#main"
      // Focus, not only scroll: the next Tab continues inside main (without JavaScript the fragment does the same).
      onClick={(event) => {
        const main = document.getElementById("main");
        if (!main) return;
        event.preventDefault();
        main.focus();
        main.scrollIntoView();
      }}
      className={cn(buttonVariants({ variant: "secondary" }), "sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-[70]")}
    >
      Skip to main content
    </a>
  );
}
