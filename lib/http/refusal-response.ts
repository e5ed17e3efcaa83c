// Loaded by plain Node (server.ts); no "server-only".
import type { Refusal } from "./action-request";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A 4xx with its reason: a short page for a browser's form post, JSON for everything else. */
export function refusalResponse(refusal: Refusal, accept: string | undefined) {
  const headers = { "Cache-Control": "no-store" };
  if (accept?.includes("text/html")) {
    return {
      status: refusal.status,
      headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Request refused · Twofold</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#0f172a">
<h1 style="font-size:1.5rem">Request refused</h1><p>${escapeHtml(refusal.message)}</p>
<p style="color:#475569">Go back, reload the page and try again.</p>
</body></html>`,
    };
  }
  return {
    status: refusal.status,
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify({ error: refusal.code, message: refusal.message }),
  };
}
