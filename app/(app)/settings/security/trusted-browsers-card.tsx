"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { LocalTime } from "@/components/local-time";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { forgetEveryTrustedBrowser, forgetOneTrustedBrowser } from "./device-actions";

export interface TrustedBrowserItem {
  id: string;
  browser: string;
  ip: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

/** Settings > Security > Trusted browsers: the browsers that skip the code, each with "Forget". */
export function TrustedBrowsersCard({ browsers, days }: { browsers: TrustedBrowserItem[]; days: number }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [forgetting, setForgetting] = useState<TrustedBrowserItem | "all" | null>(null);

  return (
    <Card aria-labelledby="trusted-browsers-heading">
      <CardHeader>
        <CardTitle id="trusted-browsers-heading">Trusted browsers</CardTitle>
        <CardDescription>
          {days > 0
            ? `Browsers where you ticked "Trust this browser": they ask for your password but not for a code, for ${days} days from when you trusted them.`
            : "Your organisation does not let browsers skip the code."}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {browsers.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="no-trusted-browsers">
            No trusted browsers.
          </p>
        ) : (
          <>
            <Table label="Your trusted browsers">
              <TableHeader>
                <TableRow>
                  <TableHead>Browser</TableHead>
                  <TableHead>Trusted</TableHead>
                  <TableHead>Last used</TableHead>
                  <TableHead>Expires</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {browsers.map((browser) => (
                  <TableRow key={browser.id}>
                    <TableCell>
                      <span className="flex flex-wrap items-center gap-2">
                        {browser.browser}
                        {browser.current ? <Badge tone="success">This browser</Badge> : null}
                      </span>
                      <span className="block font-mono text-xs text-muted-foreground">{browser.ip}</span>
                    </TableCell>
                    <TableCell>
                      <LocalTime iso={browser.createdAt} />
                    </TableCell>
                    <TableCell>
                      <LocalTime iso={browser.lastUsedAt} />
                    </TableCell>
                    <TableCell>
                      <LocalTime iso={browser.expiresAt} />
                    </TableCell>
                    <TableCell className="text-right">
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() => setForgetting(browser)}
                        aria-label={`Forget ${browser.browser}${browser.current ? " (this browser)" : ""}`}
                      >
                        Forget
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {browsers.length > 1 ? (
              <Button variant="secondary" onClick={() => setForgetting("all")}>
                Forget all trusted browsers
              </Button>
            ) : null}
          </>
        )}
      </CardContent>
      <ConfirmDialog
        open={forgetting !== null}
        onClose={() => setForgetting(null)}
        title={forgetting === "all" ? "Forget all your trusted browsers?" : "Forget this browser?"}
        confirmLabel={forgetting === "all" ? "Forget all" : "Forget"}
        pendingLabel="Forgetting…"
        onConfirm={async () => {
          if (!forgetting) return null;
          if (forgetting === "all") {
            const result = await forgetEveryTrustedBrowser();
            if (!result.ok) return result.message ?? ERROR_MESSAGES[result.error];
            setNotice(
              `${result.data.forgotten} trusted ${result.data.forgotten === 1 ? "browser" : "browsers"} forgotten. Each asks for a code at its next sign-in.`,
            );
          } else {
            const result = await forgetOneTrustedBrowser({ id: forgetting.id });
            if (!result.ok) return result.message ?? ERROR_MESSAGES[result.error];
            setNotice(`${forgetting.browser} is no longer trusted. It asks for a code at its next sign-in.`);
          }
          setForgetting(null);
          router.refresh();
          return null;
        }}
      >
        <p>
          {forgetting === "all"
            ? "Every browser you trusted asks for a code at its next sign-in. Sessions signed in now stay signed in."
            : `${forgetting?.browser ?? "This browser"} asks for a code at its next sign-in. A session signed in there now stays signed in: sign it out under Sessions if you need to.`}
        </p>
      </ConfirmDialog>
    </Card>
  );
}
