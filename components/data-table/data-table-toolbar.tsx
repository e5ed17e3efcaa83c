"use client";

import { X } from "lucide-react";
import { useId, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/**
 * Above a data table (shadcn/ui's tasks example): a search box, the faceted filters, "Reset"
 * while any filter is on, and at the end the View menu. It wraps on a narrow screen.
 */
export function DataTableToolbar({
  label,
  search,
  filters,
  filtered,
  onReset,
  view,
}: {
  /** Names the toolbar's group ("Filter users"). */
  label: string;
  search: { label: string; placeholder: string; value: string; onChange: (value: string) => void };
  /** The faceted filter buttons. */
  filters?: ReactNode;
  /** Whether any filter is on: then Reset shows. */
  filtered: boolean;
  onReset: () => void;
  /** The View menu (column visibility). */
  view?: ReactNode;
}) {
  const id = useId();
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-center gap-2">
      <div className="w-full sm:w-64">
        <Label htmlFor={id} className="sr-only">
          {search.label}
        </Label>
        <Input
          id={id}
          type="search"
          value={search.value}
          placeholder={search.placeholder}
          onChange={(event) => search.onChange(event.target.value)}
        />
      </div>
      {filters}
      {filtered ? (
        <Button variant="ghost" onClick={onReset}>
          Reset
          <X aria-hidden />
        </Button>
      ) : null}
      {view ? <div className="ml-auto">{view}</div> : null}
    </div>
  );
}
