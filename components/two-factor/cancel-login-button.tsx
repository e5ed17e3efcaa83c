import { SignOutForm } from "@/components/app-shell/sign-out-form";
import { Button } from "@/components/ui/button";

/** Abandons a pending login (signs the half-open session out) and returns to the login page. */
export function CancelLoginButton({ cancel }: { cancel: (formData: FormData) => Promise<unknown> }) {
  return (
    <SignOutForm signOut={cancel}>
      <Button type="submit" variant="link" className="min-h-11 text-muted-foreground hover:text-foreground sm:min-h-9">
        Cancel and log in as someone else
      </Button>
    </SignOutForm>
  );
}
