"use client";

import { Button } from "@/components/ui/button";

/**
 * First / Previous / Next / Last for keyset paging, with where this page sits: "51–100 of 144 users".
 * `from` is the 1-based position of the page's first row (the server counts it).
 */
export function Pagination({
  total,
  from,
  count,
  noun,
  onFirst,
  onPrevious,
  onNext,
  onLast,
}: {
  total: number;
  from: number;
  /** Rows on this page. */
  count: number;
  noun: string;
  onFirst?: () => void;
  onPrevious?: () => void;
  onNext?: () => void;
  onLast?: () => void;
}) {
  const range =
    count === 0
      ? `${total.toLocaleString("en")} ${noun}`
      : `${from.toLocaleString("en")}–${(from + count - 1).toLocaleString("en")} of ${total.toLocaleString("en")} ${noun}`;
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
      <p data-testid="page-range">{range}</p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={onFirst} disabled={!onFirst}>
          First
        </Button>
        <Button variant="secondary" onClick={onPrevious} disabled={!onPrevious}>
          Previous
        </Button>
        <Button variant="secondary" onClick={onNext} disabled={!onNext}>
          Next
        </Button>
        <Button variant="secondary" onClick={onLast} disabled={!onLast}>
          Last
        </Button>
      </div>
    </nav>
  );
}
