import { handleLoginStep } from "@/lib/next/login-route";

export const POST = handleLoginStep;
