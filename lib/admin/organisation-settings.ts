import "server-only";
import type { Db } from "@/lib/db";
import type { LoginMethod } from "@/lib/generated/prisma/enums";

export interface OrganisationSettings {
  loginMethod: LoginMethod;
  requireTwoFactor: boolean;
  twoFactorGraceDays: number;
}

/** The login method and 2FA policy the Login and 2FA page shows. */
export function loadOrganisationSettings(options: { db: Db; organisationId: string }): Promise<OrganisationSettings> {
  return options.db.organisation.findUniqueOrThrow({
    where: { id: options.organisationId },
    select: { loginMethod: true, requireTwoFactor: true, twoFactorGraceDays: true },
  });
}
