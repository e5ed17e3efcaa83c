// Key rotation for the app key (TWOFOLD_ENCRYPTION_KEY): every value sealed with an older key
// is opened and sealed again with the current one, in batches, each row replaced only if it
// still holds the value that was read (compare-and-set), so an enrolment or a queued email
// changed meanwhile is never overwritten. Running it again continues where a run stopped.
import "server-only";
import type { Db } from "@/lib/db";
import { auditedAuthor, recordAuditMany, type OperatorIdentity } from "@/lib/audit";
import { open, seal, sealedKeyId, sealedPrefix, type Keyring } from "@/lib/crypto";
import { tokenContext, type StoredEmailData } from "@/lib/mail/outbox";

/** Every column that holds values sealed with the app key (`grep "seal("` finds their writers). */
export const SEALED_COLUMNS = ["User.totpSecret", "User.totpPendingSecret", "OutboxEmail.sealedToken"] as const;
export type SealedColumn = (typeof SEALED_COLUMNS)[number];

export const DEFAULT_ROTATION_BATCH = 200;
/** How often a row that keeps changing under the rotation is read again before this run leaves it. */
const MAX_CONFLICTS_PER_ROW = 5;
const STATUS_PAGE = 1000;

interface SealedRow {
  id: string;
  organisationId: string | null;
  /** The column's whole value, as stored (the compare-and-set compares it). */
  stored: string;
  /** The sealed value inside it. */
  sealed: string;
}

interface Page {
  rows: SealedRow[];
  lastId: string | null;
  /** Fewer rows than asked for: nothing after this page. */
  last: boolean;
}

function pageOf<T extends { id: string }>(found: T[], take: number, toRow: (row: T) => SealedRow[]): Page {
  return { rows: found.flatMap(toRow), lastId: found.at(-1)?.id ?? null, last: found.length < take };
}

interface ColumnAccess {
  /** What the value is sealed under (seal()'s context): the row's own id. */
  context: (id: string) => string;
  /**
   * Up to `take` rows after `afterId` (id order) holding a sealed value, only those not starting
   * with `skipPrefix` if given; `lastId` is the last row read (null: none), to continue after.
   */
  page: (db: Db, options: { afterId: string | null; take: number; skipPrefix?: string }) => Promise<Page>;
  byIds: (db: Db, ids: string[]) => Promise<SealedRow[]>;
  /** Writes `sealed` in place of the row's value, only if the row still holds `row.stored`. */
  replace: (db: Db, row: SealedRow, sealed: string) => Promise<boolean>;
}

function userColumn(field: "totpSecret" | "totpPendingSecret"): ColumnAccess {
  const is = (value: string) => (field === "totpSecret" ? { totpSecret: value } : { totpPendingSecret: value });
  const present = (skipPrefix?: string) =>
    field === "totpSecret"
      ? { totpSecret: { not: null }, ...(skipPrefix ? { NOT: { totpSecret: { startsWith: skipPrefix } } } : {}) }
      : { totpPendingSecret: { not: null }, ...(skipPrefix ? { NOT: { totpPendingSecret: { startsWith: skipPrefix } } } : {}) };
  const select = { id: true, organisationId: true, totpSecret: true, totpPendingSecret: true } as const;
  const toRow = (user: { id: string; organisationId: string; totpSecret: string | null; totpPendingSecret: string | null }): SealedRow[] => {
    const value = user[field];
    return value === null ? [] : [{ id: user.id, organisationId: user.organisationId, stored: value, sealed: value }];
  };
  return {
    context: (id) => `totp-secret:${id}`,
    page: async (db, { afterId, take, skipPrefix }) =>
      pageOf(
        await db.user.findMany({
          where: { ...present(skipPrefix), ...(afterId ? { id: { gt: afterId } } : {}) },
          select,
          orderBy: { id: "asc" },
          take,
        }),
        take,
        toRow,
      ),
    byIds: async (db, ids) => (await db.user.findMany({ where: { id: { in: ids } }, select, orderBy: { id: "asc" } })).flatMap(toRow),
    replace: async (db, row, sealed) => (await db.user.updateMany({ where: { id: row.id, ...is(row.stored) }, data: is(sealed) })).count === 1,
  };
}

// The outbox keeps its link token inside the row's JSON `data`; JSON.stringify writes the key
// and the value without spaces, so the stored text contains `"sealedToken":"v1.<keyId>.` exactly.
const TOKEN_MARK = '"sealedToken":"';

const outboxToken: ColumnAccess = (() => {
  const select = { id: true, organisationId: true, data: true } as const;
  const toRow = (email: { id: string; organisationId: string | null; data: string }): SealedRow[] => {
    if (!email.data.includes(TOKEN_MARK)) return [];
    const sealed = (JSON.parse(email.data) as StoredEmailData).sealedToken;
    return typeof sealed === "string" ? [{ id: email.id, organisationId: email.organisationId, stored: email.data, sealed }] : [];
  };
  return {
    context: tokenContext,
    page: async (db, { afterId, take, skipPrefix }) =>
      pageOf(
        await db.outboxEmail.findMany({
          where: {
            data: { contains: TOKEN_MARK },
            ...(skipPrefix ? { NOT: { data: { contains: `${TOKEN_MARK}${skipPrefix}` } } } : {}),
            ...(afterId ? { id: { gt: afterId } } : {}),
          },
          select,
          orderBy: { id: "asc" },
          take,
        }),
        take,
        toRow,
      ),
    byIds: async (db, ids) => (await db.outboxEmail.findMany({ where: { id: { in: ids } }, select, orderBy: { id: "asc" } })).flatMap(toRow),
    replace: async (db, row, sealed) => {
      const data = JSON.stringify({ ...(JSON.parse(row.stored) as StoredEmailData), sealedToken: sealed });
      return (await db.outboxEmail.updateMany({ where: { id: row.id, data: row.stored }, data: { data } })).count === 1;
    },
  };
})();

const ACCESS: Record<SealedColumn, ColumnAccess> = {
  "User.totpSecret": userColumn("totpSecret"),
  "User.totpPendingSecret": userColumn("totpPendingSecret"),
  "OutboxEmail.sealedToken": outboxToken,
};

/** A value the current keyring cannot open: named by its row, never by its value. */
export interface UnreadableValue {
  column: SealedColumn;
  id: string;
  keyId: string | null;
  reason: "unknown-key" | "cannot-open";
}

export interface ColumnRotation {
  column: SealedColumn;
  resealed: number;
  unreadable: number;
  /** Rows that kept changing while this run tried them: the next run takes them. */
  busy: number;
}

export interface KeyRotationResult {
  currentKeyId: string;
  columns: ColumnRotation[];
  resealed: number;
  unreadable: UnreadableValue[];
  busy: number;
  batches: number;
}

/**
 * Seals every value of SEALED_COLUMNS that names an older key again with the keyring's current
 * key. A row whose value changed between the read and the write is read again in the next
 * batch (it may now hold a current-key value, which is left alone). A value that does not open
 * (unknown key id, altered, or moved to another row) is reported and left as it is; the others
 * go on. One audit event (`keys.rotated`) per organisation whose rows this run changed or could
 * not open, with that organisation's counts.
 */
export async function rotateSealedValues(options: {
  db: Db;
  keyring: Keyring;
  operator: OperatorIdentity;
  batchSize?: number;
  now: Date;
}): Promise<KeyRotationResult> {
  const { db, keyring, now } = options;
  const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH;
  const skipPrefix = sealedPrefix(keyring.current.id);
  const columns: ColumnRotation[] = [];
  const unreadable: UnreadableValue[] = [];
  const perOrganisation = new Map<string, Record<SealedColumn, { resealed: number; unreadable: number }>>();
  const countFor = (organisationId: string | null, column: SealedColumn) => {
    if (!organisationId) return null;
    let counts = perOrganisation.get(organisationId);
    if (!counts) {
      counts = Object.fromEntries(SEALED_COLUMNS.map((name) => [name, { resealed: 0, unreadable: 0 }])) as Record<
        SealedColumn,
        { resealed: number; unreadable: number }
      >;
      perOrganisation.set(organisationId, counts);
    }
    return counts[column];
  };
  let batches = 0;

  for (const column of SEALED_COLUMNS) {
    const access = ACCESS[column];
    const summary: ColumnRotation = { column, resealed: 0, unreadable: 0, busy: 0 };
    const conflicts = new Map<string, number>();
    let afterId: string | null = null;
    let exhausted = false;
    while (!exhausted || conflicts.size) {
      // Rows that changed under the last batch first, then the next page in id order.
      const retried = conflicts.size ? await access.byIds(db, [...conflicts.keys()]) : [];
      let page: SealedRow[] = [];
      if (!exhausted) {
        const next = await access.page(db, { afterId, take: batchSize, skipPrefix });
        page = next.rows;
        afterId = next.lastId ?? afterId;
        exhausted = next.last;
      }
      const retriedIds = new Set(retried.map((row) => row.id));
      for (const id of conflicts.keys()) if (!retriedIds.has(id)) conflicts.delete(id); // gone, or emptied meanwhile
      batches++;
      for (const row of [...retried, ...page]) {
        const keyId = sealedKeyId(row.sealed);
        if (keyId === keyring.current.id) {
          conflicts.delete(row.id);
          continue;
        }
        let resealed: string;
        try {
          resealed = seal(keyring, open(keyring, row.sealed, access.context(row.id)), access.context(row.id));
        } catch {
          conflicts.delete(row.id);
          const reason = keyId !== null && !keyring.byId.has(keyId) ? "unknown-key" : "cannot-open";
          unreadable.push({ column, id: row.id, keyId, reason });
          summary.unreadable++;
          const counts = countFor(row.organisationId, column);
          if (counts) counts.unreadable++;
          continue;
        }
        if (await access.replace(db, row, resealed)) {
          conflicts.delete(row.id);
          summary.resealed++;
          const counts = countFor(row.organisationId, column);
          if (counts) counts.resealed++;
          continue;
        }
        const tries = (conflicts.get(row.id) ?? 0) + 1;
        if (tries >= MAX_CONFLICTS_PER_ROW) {
          conflicts.delete(row.id);
          summary.busy++;
        } else conflicts.set(row.id, tries);
      }
    }
    columns.push(summary);
  }

  if (perOrganisation.size) {
    await recordAuditMany(
      db,
      [...perOrganisation].map(([organisationId, counts]) => ({
        organisationId,
        type: "keys.rotated" as const,
        at: now,
        ...auditedAuthor(
          { operator: options.operator },
          {
            keyId: keyring.current.id,
            resealed: Object.values(counts).reduce((sum, c) => sum + c.resealed, 0),
            unreadable: Object.values(counts).reduce((sum, c) => sum + c.unreadable, 0),
            resealedTotpSecrets: counts["User.totpSecret"].resealed,
            resealedPendingSecrets: counts["User.totpPendingSecret"].resealed,
            resealedEmailTokens: counts["OutboxEmail.sealedToken"].resealed,
          },
        ),
      })),
    );
  }
  return {
    currentKeyId: keyring.current.id,
    columns,
    resealed: columns.reduce((sum, c) => sum + c.resealed, 0),
    unreadable,
    busy: columns.reduce((sum, c) => sum + c.busy, 0),
    batches,
  };
}

export interface ColumnKeyStatus {
  column: SealedColumn;
  /** Values sealed with the current key. */
  current: number;
  /** Values sealed with each older key id (one the keyring does not know included). */
  older: Record<string, number>;
  /** Values that are not sealed values at all. */
  malformed: number;
}

export interface KeyStatus {
  currentKeyId: string;
  /** The key ids in TWOFOLD_ENCRYPTION_KEYS_PREVIOUS. */
  previousKeyIds: string[];
  columns: ColumnKeyStatus[];
  /** No value names an older key: TWOFOLD_ENCRYPTION_KEYS_PREVIOUS can be emptied. */
  previousKeysUnused: boolean;
}

/** How many values of each sealed column use the current key, and how many each older key id. */
export async function keyStatus(options: { db: Db; keyring: Keyring }): Promise<KeyStatus> {
  const { db, keyring } = options;
  const columns: ColumnKeyStatus[] = [];
  for (const column of SEALED_COLUMNS) {
    const status: ColumnKeyStatus = { column, current: 0, older: {}, malformed: 0 };
    let afterId: string | null = null;
    for (;;) {
      const page = await ACCESS[column].page(db, { afterId, take: STATUS_PAGE });
      for (const row of page.rows) {
        const keyId = sealedKeyId(row.sealed);
        if (keyId === null) status.malformed++;
        else if (keyId === keyring.current.id) status.current++;
        else status.older[keyId] = (status.older[keyId] ?? 0) + 1;
      }
      if (page.last) break;
      afterId = page.lastId;
    }
    columns.push(status);
  }
  return {
    currentKeyId: keyring.current.id,
    previousKeyIds: [...keyring.byId.keys()].filter((id) => id !== keyring.current.id),
    columns,
    previousKeysUnused: columns.every((c) => Object.keys(c.older).length === 0),
  };
}
