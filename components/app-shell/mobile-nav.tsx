"use client";

import { Menu } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { SideNav, type NavSection } from "./side-nav";
import { Wordmark } from "./wordmark";

/** Below `md` the side panel hides; this button opens it as a sheet, which closes when a link is followed. */
export function MobileNav({ sections }: { sections: NavSection[] }) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      {/* Radix gives the trigger aria-expanded and aria-controls. */}
      <SheetTrigger asChild>
        <Button variant="secondary" className="min-h-11 sm:min-h-11 md:hidden">
          <Menu aria-hidden />
          Menu
        </Button>
      </SheetTrigger>
      <SheetContent className="bg-sidebar text-sidebar-foreground" aria-describedby={undefined}>
        <SheetTitle className="px-3 pt-2">
          <Wordmark surface="sidebar" />
          <span className="sr-only"> menu</span>
        </SheetTitle>
        <SideNav sections={sections} onNavigate={() => setOpen(false)} />
      </SheetContent>
    </Sheet>
  );
}
