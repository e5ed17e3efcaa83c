import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser, getPendingLogin } from "@/lib/auth/current-user";
import { pendingStepOf, stepPath } from "@/lib/auth/pending-login-step";
import { callbackPathFrom, DEFAULT_REDIRECT_PATH, type SearchParams } from "@/lib/auth/safe-redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const target = await callbackPathFrom(searchParams);
  if (await getCurrentUser()) redirect(target ?? DEFAULT_REDIRECT_PATH);
  const pending = await getPendingLogin();
  if (pending) redirect(stepPath(await pendingStepOf(pending), target));
  return <LoginForm callbackUrl={target} />;
}
