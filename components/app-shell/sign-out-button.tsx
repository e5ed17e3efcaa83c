"use client";

import { useTransition } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton({ signOut }: { signOut: () => Promise<unknown> }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button variant="secondary" disabled={pending} onClick={() => startTransition(() => void signOut())}>
      Sign out
    </Button>
  );
}
