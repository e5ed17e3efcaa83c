import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/generated/prisma/enums";
import type { SessionStage } from "@/lib/auth/session-claims";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      role: Role;
      organisationId: string;
      organisationName: string;
      stage: SessionStage;
    } & DefaultSession["user"];
  }
}
