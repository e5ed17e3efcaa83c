"use client";

import * as CheckboxPrimitive from "@radix-ui/react-checkbox";
import { Check, Minus } from "lucide-react";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * The pressable area of a checkbox or radio: 44 px on a phone (24 px from `sm`) around its
 * 20 px box, with negative margins so it takes the layout of the box alone.
 */
export const choiceTargetClassName =
  "group -m-3 inline-flex size-11 shrink-0 items-center justify-center focus-visible:outline-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-60 sm:-m-0.5 sm:size-6";

/**
 * A checkbox (role=checkbox); with `name` inside a form it submits like a native one.
 */
export function Checkbox({ className, ...props }: ComponentProps<typeof CheckboxPrimitive.Root>) {
  return (
    <CheckboxPrimitive.Root className={cn(choiceTargetClassName, "rounded-md", className)} {...props}>
      <span className="flex size-5 items-center justify-center rounded border border-input bg-card text-primary-foreground shadow-sm group-data-[state=checked]:border-primary group-data-[state=checked]:bg-primary group-data-[state=indeterminate]:border-primary group-data-[state=indeterminate]:bg-primary">
        <CheckboxPrimitive.Indicator className="flex items-center justify-center">
          {props.checked === "indeterminate" ? <Minus className="size-3.5" aria-hidden /> : <Check className="size-3.5" aria-hidden />}
        </CheckboxPrimitive.Indicator>
      </span>
    </CheckboxPrimitive.Root>
  );
}
