import type { ComponentProps } from "react";
import { cn } from "./cn";

export const inputClassName =
  "block min-h-11 w-full rounded-md border-0 bg-card px-3 py-2 text-sm text-card-foreground shadow-sm ring-1 ring-inset ring-input placeholder:text-muted-foreground focus:ring-2 focus:ring-inset focus:ring-ring focus:outline-none disabled:opacity-60 aria-invalid:ring-danger sm:min-h-9";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(inputClassName, className)} {...props} />;
}

/** A native <select>, for GET forms that must work before hydration (filters). */
export function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(inputClassName, "pr-8", className)} {...props} />;
}
