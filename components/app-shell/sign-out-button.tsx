import { Button } from "@/components/ui/button";
import { SignOutForm } from "./sign-out-form";

export function SignOutButton({ signOut }: { signOut: (formData: FormData) => Promise<unknown> }) {
  return (
    <SignOutForm signOut={signOut}>
      <Button type="submit" variant="secondary">
        Sign out
      </Button>
    </SignOutForm>
  );
}
