import type { Role } from "@/lib/generated/prisma/enums";
import type { SessionStage } from "@/lib/auth/session-claims";
import type { SecondFactorStep } from "@/lib/auth/login-flow";

declare module "next-auth" {
  interface Session {
    // Profile fields are present only when stage is "complete".
    user: {
      id: string;
      stage: SessionStage;
      /** While stage is "two-factor": the step to pass. */
      step?: SecondFactorStep;
      name?: string | null;
      email?: string | null;
      role?: Role;
      organisationId?: string;
      organisationName?: string;
      loginAt?: number;
      sessionId?: string;
      /** While a grace period to set up 2FA runs: when it ends (ms). */
      graceUntil?: number;
    };
  }
}
