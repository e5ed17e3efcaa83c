"use client";

import * as RadioGroupPrimitive from "@radix-ui/react-radio-group";
import type { ComponentProps } from "react";
import { choiceTargetClassName } from "./checkbox";
import { cn } from "./cn";

export function RadioGroup({ className, ...props }: ComponentProps<typeof RadioGroupPrimitive.Root>) {
  return <RadioGroupPrimitive.Root className={cn("grid gap-3", className)} {...props} />;
}

/** A radio: the checkbox's pressable area (`choiceTargetClassName`) around a 20 px circle. */
export function RadioGroupItem({ className, ...props }: ComponentProps<typeof RadioGroupPrimitive.Item>) {
  return (
    <RadioGroupPrimitive.Item className={cn(choiceTargetClassName, "rounded-full", className)} {...props}>
      <span className="flex size-5 items-center justify-center rounded-full border border-input bg-card shadow-sm group-data-[state=checked]:border-primary">
        <RadioGroupPrimitive.Indicator className="size-2.5 rounded-full bg-primary" />
      </span>
    </RadioGroupPrimitive.Item>
  );
}
