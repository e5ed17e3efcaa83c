import { cn } from "@/components/ui/cn";

/** The "Twofold" wordmark, in the colours of the surface it sits on (page or side panel), light or dark. */
export function Wordmark({ surface = "page", className }: { surface?: "page" | "sidebar"; className?: string }) {
  return (
    <span className={cn("font-bold tracking-tight", surface === "page" ? "text-foreground" : "text-sidebar-foreground", className)}>
      Two<span className={surface === "page" ? "text-link" : "text-sidebar-brand"}>fold</span>
    </span>
  );
}
