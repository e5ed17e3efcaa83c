"use client";

import { ErrorMessage } from "@/components/app-shell/page-messages";

/** A failed page inside this group's layout: the layout's landmarks and <main> stay, this fills it. */
export default function GroupErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorMessage reset={reset} />;
}
