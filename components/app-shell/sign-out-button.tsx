import { Button } from "@/components/ui/button";

/** A plain form, so signing out works even before the page has hydrated. */
export function SignOutButton({ signOut }: { signOut: (formData: FormData) => Promise<unknown> }) {
  return (
    <form action={signOut as (formData: FormData) => Promise<void>}>
      <Button type="submit" variant="secondary">
        Sign out
      </Button>
    </form>
  );
}
