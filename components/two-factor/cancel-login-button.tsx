/** Abandons a pending login (signs the half-open session out) and returns to the login page. */
export function CancelLoginButton({ cancel }: { cancel: (formData: FormData) => Promise<unknown> }) {
  return (
    <form action={cancel as (formData: FormData) => Promise<void>}>
      <button type="submit" className="text-sm font-medium text-slate-600 underline-offset-4 hover:text-slate-900 hover:underline">
        Cancel and log in as someone else
      </button>
    </form>
  );
}
