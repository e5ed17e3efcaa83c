// Loaded by proxy.ts (per-page CSP) and by plain Node in server.ts (headers on every
// response), so no "server-only" and no node: imports: it holds no secret.

/** A fresh CSP nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

const FIXED_DIRECTIVES = ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"];

/**
 * The policy of a page Next renders. Next reads the nonce from this header on the request
 * and puts it on its own scripts; 'strict-dynamic' lets those load the rest. Styles stay
 * 'unsafe-inline' (React style attributes); a nonce there would switch that off.
 */
export function pageContentSecurityPolicy(options: { nonce: string; dev: boolean }): string {
  return [
    "default-src 'self'",
    // React uses eval for its development-only error overlays, never in production.
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    ...FIXED_DIRECTIVES,
  ].join("; ");
}

/** The policy of everything else (server.ts's own pages, Auth.js pages, files): no scripts at all. */
export const NO_SCRIPT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  ...FIXED_DIRECTIVES,
].join("; ");

/** HSTS is only sent over TLS (RFC 6797 §7.2): behind a trusted proxy that terminated it. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/**
 * Headers every response carries unless whoever answered set its own: a page's CSP from
 * proxy.ts wins over the script-less default.
 */
export function defaultSecurityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": NO_SCRIPT_CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    // Not no-referrer: with it browsers send `Origin: null` on same-origin form posts, which
    // the server-action Origin check (and Next's) must refuse. Cross-origin, nothing is sent.
    "Referrer-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": HSTS_VALUE } : {}),
  };
}
