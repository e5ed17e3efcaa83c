import type { Role } from "@/lib/generated/prisma/enums";
import type { SessionStage } from "@/lib/auth/session-claims";

declare module "next-auth" {
  interface Session {
    // Profile fields are present only when stage is "complete".
    user: {
      id: string;
      stage: SessionStage;
      challengeId?: string;
      name?: string | null;
      email?: string | null;
      role?: Role;
      organisationId?: string;
      organisationName?: string;
      loginAt?: number;
      sessionId?: string;
      sessionVersion?: number;
    };
  }
}
