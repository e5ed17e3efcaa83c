"use client";

import { useEffect, useRef, type ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

/**
 * A step's heading (h2 unless told): it takes focus when the step appears (unless
 * `focusOnMount` is false), so a screen reader announces the new step and Tab continues from it.
 */
export function StepHeading({
  as: Tag = "h2",
  focusOnMount = true,
  className,
  ...props
}: ComponentProps<"h2"> & { as?: "h1" | "h2"; focusOnMount?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return <Tag ref={ref} tabIndex={-1} className={cn("font-semibold text-foreground outline-none", className)} {...props} />;
}
