import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser, getPendingLogin } from "@/lib/auth/current-user";
import { pendingStepOf, stepPath } from "@/lib/auth/pending-login-step";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl } = await searchParams;
  const target = typeof callbackUrl === "string" ? safeRedirectPath(callbackUrl) : undefined;
  if (await getCurrentUser()) redirect(target ?? "/dashboard");
  const pending = await getPendingLogin();
  if (pending) redirect(stepPath(await pendingStepOf(pending), target));
  return <LoginForm callbackUrl={target} />;
}
