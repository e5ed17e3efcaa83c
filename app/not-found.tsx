import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is nothing here, or you do not have access to it.</p>
      <Link href="/dashboard" className="mt-6 inline-block text-sm font-semibold text-link hover:text-link">
        Go to the dashboard
      </Link>
    </main>
  );
}
