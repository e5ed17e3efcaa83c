"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

/** The backup codes, shown once, with Copy and Download and the warning about losing them. */
export function BackupCodesPanel({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  const text = `Twofold backup codes. Each code works once.\n\n${codes.join("\n")}\n`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast({ title: "Backup codes copied", description: "Paste them somewhere safe, away from your phone." });
    } catch {
      // No clipboard (an insecure origin, or permission refused): say so instead of failing silently.
      toast({ tone: "error", title: "Could not copy the codes", description: "Use Download, or select the codes and copy them yourself." });
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = Object.assign(document.createElement("a"), { href: url, download: "twofold-backup-codes.txt" });
    link.click();
    URL.revokeObjectURL(url);
    toast({ title: "Backup codes downloaded", description: "twofold-backup-codes.txt is in your downloads." });
  }

  return (
    <section aria-labelledby="backup-codes-heading" className="space-y-3">
      <h2 id="backup-codes-heading" className="text-sm font-semibold text-foreground">
        Backup codes
      </h2>
      <p className="text-sm text-muted-foreground">
        If you lose your phone, each of these codes signs you in once in place of the app&apos;s code. Save them somewhere safe now: they are not
        shown again.
      </p>
      {/* Whole codes per cell: the grid reflows by code (two columns, one on a narrow phone), a code never breaks. */}
      <ul
        data-testid="backup-codes"
        className="grid grid-cols-[repeat(auto-fill,minmax(20ch,1fr))] gap-x-4 gap-y-1 rounded-md bg-muted p-3 font-mono text-sm text-foreground ring-1 ring-border"
      >
        {codes.map((code) => (
          <li key={code} className="whitespace-nowrap">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button type="button" variant="secondary" onClick={download}>
          Download
        </Button>
      </div>
      <Alert tone="warning" role="note">
        If you lose both your phone and these codes, you cannot sign in until an admin resets your two-factor authentication.
      </Alert>
    </section>
  );
}
