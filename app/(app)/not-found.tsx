import { NotFoundMessage } from "@/components/app-shell/page-messages";

/** notFound() in a signed-in page (a member on an admin page): inside the app shell, whose <main> it already is in. */
export default function AppNotFound() {
  return <NotFoundMessage />;
}
