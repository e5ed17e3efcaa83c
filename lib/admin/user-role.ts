// A user's role and its projections: the stored value, the admin table's filter value (as the URL
// speaks it), the label, and the Prisma where-clause of a role filter. Pure: client components import it.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

/** The role filter's values, in the order the toolbar lists them. */
export const USER_ROLES = ["admin", "member"] as const;
export type UserRole = (typeof USER_ROLES)[number];

const PROJECTIONS = {
  admin: { stored: "ADMIN", label: "Admin" },
  member: { stored: "MEMBER", label: "Member" },
} as const satisfies Record<UserRole, { stored: Role; label: string }>;

export function userRoleLabel(role: UserRole): string {
  return PROJECTIONS[role].label;
}

/** The label of a stored role ("ADMIN" → "Admin"). */
export function storedRoleLabel(role: Role): string {
  return role === "ADMIN" ? PROJECTIONS.admin.label : PROJECTIONS.member.label;
}

/** The users a role filter keeps (null: no condition, every role). */
export function roleFilterWhere(roles: readonly UserRole[]): Prisma.UserWhereInput | null {
  if (roles.length === 0) return null;
  return { role: { in: roles.map((role) => PROJECTIONS[role].stored) } };
}
