"use client";

import type { ReactNode } from "react";

/**
 * Signs out, then loads the login page afresh (a full navigation, so no page of the
 * signed-in app stays in the client's router). Without JavaScript the form still posts.
 */
export function SignOutForm({ signOut, children }: { signOut: (formData: FormData) => Promise<unknown>; children: ReactNode }) {
  return (
    <form
      action={async (formData) => {
        await signOut(formData);
        window.location.assign("/login");
      }}
    >
      {children}
    </form>
  );
}
