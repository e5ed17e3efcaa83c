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
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose: router.push would keep signed-in pages in the client cache
        window.location.assign("/login");
      }}
    >
      {children}
    </form>
  );
}
