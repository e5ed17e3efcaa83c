// What an app process knows about its own operation, shared by server.ts and Next's bundle
// (each loads these modules once, so the state lives on globalThis): whether it is shutting
// down, the outbox sender's heartbeat, and what to stop on the way out. Plain Node.

/** The outbox sender as /readyz sees it: off by design (no SMTP_URL), or running with a heartbeat. */
export type OutboxSenderState = { kind: "off" } | { kind: "running"; intervalMs: number; lastBeatAt: () => number };

export interface OperationsState {
  shuttingDown: boolean;
  /** Null until instrumentation.ts has started (or deliberately not started) the sender. */
  outboxSender: OutboxSenderState | null;
  /** Background work started inside Next's bundle, stopped by server.ts's shutdown. */
  stops: Map<string, () => Promise<void> | void>;
}

const KEY = Symbol.for("twofold.operations");
const holder = globalThis as unknown as { [KEY]?: OperationsState };

export function operationsState(): OperationsState {
  return (holder[KEY] ??= { shuttingDown: false, outboxSender: null, stops: new Map() });
}

/** Registers background work to stop at shutdown (a later registration under the same name replaces it). */
export function onShutdown(name: string, stop: () => Promise<void> | void, state: OperationsState = operationsState()): void {
  state.stops.set(name, stop);
}

/** Stops every registered task at once; resolves when all have (a failure is logged, not thrown). */
export async function stopRegisteredTasks(state: OperationsState, log: (name: string, error: unknown) => void): Promise<void> {
  const tasks = [...state.stops.entries()];
  state.stops.clear();
  await Promise.all(
    tasks.map(async ([name, stop]) => {
      try {
        await stop();
      } catch (error) {
        log(name, error);
      }
    }),
  );
}
