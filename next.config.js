// @ts-check

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Compression belongs to the reverse proxy in front; here it would cost the login path CPU.
  compress: false,
  // Native and WebAssembly packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "pino", "pino-pretty", "prom-client"],
  // Security headers: server.ts (lib/http/security-headers.ts) and, per page, proxy.ts.
};

export default nextConfig;
