"use client";

import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * An on/off switch (role=switch, aria-checked): for a setting that applies at once, unlike a
 * checkbox in a form that waits for Save. Label it with a <Label htmlFor> or aria-label.
 */
export function Switch({
  checked,
  onCheckedChange,
  className,
  ...props
}: Omit<ComponentProps<"button">, "onChange" | "role"> & { checked: boolean; onCheckedChange: (checked: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      data-state={checked ? "checked" : "unchecked"}
      onClick={() => onCheckedChange(!checked)}
      className={cn(
        "relative inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full bg-input p-0.5 transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-60 data-[state=checked]:bg-primary",
        // A 44 px touch area around the 24 px track.
        "after:absolute after:-inset-y-2.5 after:-inset-x-0 after:content-['']",
        className,
      )}
      {...props}
    >
      <span aria-hidden className={cn("size-5 rounded-full bg-card shadow-sm transition-transform", checked ? "translate-x-5" : "translate-x-0")} />
    </button>
  );
}
