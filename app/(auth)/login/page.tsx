import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
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
  return <LoginForm callbackUrl={target} />;
}
