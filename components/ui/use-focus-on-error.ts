"use client";

import { useEffect, useRef } from "react";

/**
 * After a failed submit (each new `error` value), moves focus to the error inside the
 * returned ref's element: its role="alert" message, else its first invalid field. A screen
 * reader then reads the error, and a keyboard user starts from it.
 */
export function useFocusOnError<T extends HTMLElement = HTMLElement>(error: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!error || !ref.current) return;
    const target = ref.current.querySelector<HTMLElement>('[role="alert"]') ?? ref.current.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!target) return;
    if (!target.matches("input, select, textarea, button, a[href], [tabindex]")) target.tabIndex = -1;
    target.focus();
  }, [error]);
  return ref;
}
