import { SignOutForm } from "@/components/app-shell/sign-out-form";

/** Abandons a pending login (signs the half-open session out) and returns to the login page. */
export function CancelLoginButton({ cancel }: { cancel: (formData: FormData) => Promise<unknown> }) {
  return (
    <SignOutForm signOut={cancel}>
      <button type="submit" className="text-sm font-medium text-slate-600 underline-offset-4 hover:text-slate-900 hover:underline">
        Cancel and log in as someone else
      </button>
    </SignOutForm>
  );
}
