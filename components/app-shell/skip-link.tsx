"use client";

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
      // Styled only while focused: the button's min-height would otherwise undo sr-only's 1 px box.
      className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-[70] focus:inline-flex focus:min-h-11 focus:items-center focus:rounded-md focus:bg-card focus:px-3.5 focus:text-sm focus:font-semibold focus:text-card-foreground focus:shadow-lg focus:ring-1 focus:ring-input"
    >
      Skip to main content
    </a>
  );
}
