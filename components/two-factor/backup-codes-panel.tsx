"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The backup codes, shown once, with Copy and Download and the warning about losing them. */
export function BackupCodesPanel({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  const text = `Twofold backup codes. Each code works once.\n\n${codes.join("\n")}\n`;

  async function copy() {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = Object.assign(document.createElement("a"), { href: url, download: "twofold-backup-codes.txt" });
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section aria-labelledby="backup-codes-heading" className="space-y-3">
      <h2 id="backup-codes-heading" className="text-sm font-semibold text-slate-900">
        Backup codes
      </h2>
      <p className="text-sm text-slate-600">
        If you lose your phone, each of these codes signs you in once in place of the app&apos;s code. Save them somewhere safe now: they are not
        shown again.
      </p>
      <ul
        data-testid="backup-codes"
        className="grid grid-cols-2 gap-x-4 gap-y-1 rounded-md bg-slate-50 p-3 font-mono text-sm text-slate-900 ring-1 ring-slate-200"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex gap-2">
        <Button type="button" variant="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button type="button" variant="secondary" onClick={download}>
          Download
        </Button>
      </div>
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
        If you lose both your phone and these codes, you cannot sign in until an admin resets your two-factor authentication.
      </p>
    </section>
  );
}
