import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "./cn";

const alertVariants = cva("rounded-md px-3 py-2 text-sm ring-1 ring-inset", {
  variants: {
    tone: {
      error: "bg-danger-soft text-danger ring-danger/30",
      info: "bg-info-soft text-info ring-info/30",
      success: "bg-success-soft text-success ring-success/30",
      warning: "bg-warning-soft text-warning ring-warning/30",
    },
  },
  defaultVariants: { tone: "error" },
});

/** A message in the page: an error is announced at once (role=alert), the others politely. */
export function Alert({ tone, className, ...props }: ComponentProps<"div"> & VariantProps<typeof alertVariants>) {
  return <div role={tone === "error" || !tone ? "alert" : "status"} className={cn(alertVariants({ tone }), className)} {...props} />;
}
