/** The 403 a request from outside its organisation's Access List gets: a page for browsers, JSON otherwise. */
export function accessDeniedResponse(options: { clientIp: string; organisationName: string; accept: string | undefined }) {
  const message = `Your IP address ${options.clientIp} is not on ${options.organisationName}'s Access List.`;
  if (options.accept?.includes("text/html")) {
    const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return {
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
      // Landmarks like every other page (banner, main); colours from the browser's light or dark scheme.
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Access denied · Twofold</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem">
<header><p style="font-size:1.25rem;font-weight:700">Twofold</p></header>
<main><h1 style="font-size:1.5rem">Access denied</h1><p>${escape(message)}</p>
<p>Ask an admin of ${escape(options.organisationName)} to add your network to the Access List, or connect from an allowed network.</p></main>
</body></html>`,
    };
  }
  return {
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    body: JSON.stringify({ error: "ACCESS_LIST", message }),
  };
}
