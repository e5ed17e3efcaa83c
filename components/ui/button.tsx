import { Slot } from "@radix-ui/react-slot";
import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "./cn";

// Tap targets are 44 px high on a phone and 36 px from the `sm` breakpoint.
export const buttonVariants = cva(
  "inline-flex shrink-0 items-center justify-center gap-2 whitespace-nowrap rounded-md text-sm font-semibold transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:pointer-events-none disabled:opacity-60 [&_svg]:size-4 [&_svg]:shrink-0",
  {
    variants: {
      variant: {
        primary: "bg-primary text-primary-foreground shadow-sm hover:bg-primary-hover",
        secondary: "bg-card text-card-foreground shadow-sm ring-1 ring-inset ring-input hover:bg-accent",
        danger: "bg-destructive text-destructive-foreground shadow-sm hover:bg-destructive-hover",
        ghost: "text-foreground hover:bg-accent",
        link: "h-auto min-h-0 px-0 text-link underline-offset-4 hover:underline",
      },
      size: {
        default: "min-h-11 px-3.5 py-2 sm:min-h-9",
        sm: "min-h-11 px-2.5 text-xs sm:min-h-8",
        icon: "size-11 sm:size-9",
      },
    },
    defaultVariants: { variant: "primary", size: "default" },
  },
);

export type ButtonProps = ComponentProps<"button"> & VariantProps<typeof buttonVariants> & { asChild?: boolean };

/** A button, or (asChild) a link or other element that looks like one. */
export function Button({ className, variant, size, asChild = false, ...props }: ButtonProps) {
  const Component = asChild ? Slot : "button";
  return <Component className={cn(buttonVariants({ variant, size }), className)} {...props} />;
}
