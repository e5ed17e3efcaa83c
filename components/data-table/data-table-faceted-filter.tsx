"use client";

import { ListFilter } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export interface FacetOption<V extends string> {
  value: V;
  label: string;
}

/**
 * A toolbar button that filters by several values of one facet (shadcn/ui's tasks example):
 * each option is a checkbox item, the menu stays open while the admin ticks, and the button
 * shows what is chosen. The filtering itself is the caller's (here: on the server, through the URL).
 */
export function DataTableFacetedFilter<V extends string>({
  title,
  options,
  selected,
  onChange,
}: {
  title: string;
  options: readonly FacetOption<V>[];
  selected: readonly V[];
  onChange: (values: V[]) => void;
}) {
  const toggle = (value: V, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(value);
    else next.delete(value);
    // In the options' order, whatever order they were ticked in.
    onChange(options.map((option) => option.value).filter((option) => next.has(option)));
  };
  const chosen = options.filter((option) => selected.includes(option.value));
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="secondary" className="border border-dashed border-border ring-0">
          <ListFilter aria-hidden />
          {title}
          {chosen.length > 0 ? (
            <>
              <span aria-hidden className="h-4 w-px bg-border" />
              {chosen.length > 2 ? (
                <Badge tone="info">{chosen.length} selected</Badge>
              ) : (
                chosen.map((option) => (
                  <Badge key={option.value} tone="info">
                    {option.label}
                  </Badge>
                ))
              )}
            </>
          ) : null}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuLabel>{title}</DropdownMenuLabel>
        {options.map((option) => (
          <DropdownMenuCheckboxItem
            key={option.value}
            checked={selected.includes(option.value)}
            onCheckedChange={(on) => toggle(option.value, on === true)}
            // Keep the menu open: several values are usually ticked in a row.
            onSelect={(event) => event.preventDefault()}
          >
            {option.label}
          </DropdownMenuCheckboxItem>
        ))}
        {chosen.length > 0 ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => onChange([])}>Clear filter</DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
