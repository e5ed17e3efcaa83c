// Plain Node (the metrics' database gauges in server.ts read it): a session's time limits.

/** Idle timeout 30 minutes, absolute 12 hours. */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
