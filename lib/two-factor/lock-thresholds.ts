// DESIGN §2 lockout numbers, shared by the lock logic and the admin table's filter.
export const SOFT_LOCK_THRESHOLD = 5;
export const SOFT_LOCK_MS = 15 * 60 * 1000;
export const HARD_LOCK_THRESHOLD = 10;
