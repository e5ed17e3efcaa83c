"use client";

import * as ToastPrimitive from "@radix-ui/react-toast";
import { X } from "lucide-react";
import { useSyncExternalStore } from "react";
import { cn } from "./cn";

interface ToastMessage {
  id: number;
  title: string;
  description?: string;
  tone: "success" | "error" | "info";
}

// One list of the toasts on screen, shared by `toast()` (called from any event handler)
// and the one <Toaster /> in the root layout.
let toasts: ToastMessage[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

/** Says, for a few seconds, that something happened (a save, a copy). Errors that need action stay in the form. */
export function toast(message: Omit<ToastMessage, "id" | "tone"> & { tone?: ToastMessage["tone"] }) {
  toasts = [...toasts, { tone: "success", ...message, id: nextId++ }];
  emit();
}

function dismiss(id: number) {
  toasts = toasts.filter((item) => item.id !== id);
  emit();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const TONES = {
  success: "ring-success/40",
  error: "ring-danger/40",
  info: "ring-info/40",
} as const;

export function Toaster() {
  const items = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => [],
  );
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={5000}>
      {items.map((item) => (
        <ToastPrimitive.Root
          key={item.id}
          type={item.tone === "error" ? "foreground" : "background"}
          onOpenChange={(open) => (open ? undefined : dismiss(item.id))}
          className={cn("relative rounded-lg bg-popover p-4 pr-12 text-popover-foreground shadow-lg ring-1", TONES[item.tone])}
        >
          <ToastPrimitive.Title className="text-sm font-semibold">{item.title}</ToastPrimitive.Title>
          {item.description ? (
            <ToastPrimitive.Description className="mt-1 text-sm text-muted-foreground">{item.description}</ToastPrimitive.Description>
          ) : null}
          <ToastPrimitive.Close className="absolute top-2 right-2 inline-flex size-11 items-center justify-center rounded-md text-muted-foreground hover:bg-accent sm:size-8">
            <X className="size-4" aria-hidden />
            <span className="sr-only">Dismiss</span>
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[60] flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
    </ToastPrimitive.Provider>
  );
}
