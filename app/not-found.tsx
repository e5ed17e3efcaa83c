import { StandalonePage } from "@/components/app-shell/standalone-page";
import { NotFoundMessage } from "@/components/app-shell/page-messages";

/** An unknown address: no layout of a route group rendered, so this page brings its own landmarks. */
export default function NotFound() {
  return (
    <StandalonePage>
      <NotFoundMessage />
    </StandalonePage>
  );
}
