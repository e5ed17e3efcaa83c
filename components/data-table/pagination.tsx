"use client";

import { Button } from "@/components/ui/button";

/** First / Previous / Next / Last for keyset paging (no page numbers: no OFFSET). */
export function Pagination({
  total,
  noun,
  onFirst,
  onPrevious,
  onNext,
  onLast,
}: {
  total: number;
  noun: string;
  onFirst?: () => void;
  onPrevious?: () => void;
  onNext?: () => void;
  onLast?: () => void;
}) {
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p>
        {total.toLocaleString("en")} {noun}
      </p>
      <div className="flex gap-2">
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
