"use client";

import { useSyncExternalStore } from "react";

// The server cannot know the viewer's time zone: it renders UTC and says so; the browser then
// shows the same instant in its own zone, with the zone's name. (Intl refuses timeZoneName
// together with dateStyle/timeStyle, hence the spelt-out fields.)
const FIELDS: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
};
const utcFormat = new Intl.DateTimeFormat("en-GB", { ...FIELDS, timeZone: "UTC" });

const subscribe = () => () => {};

/** An ISO time in the viewer's time zone with the zone shown; UTC (written) until the browser takes over. */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  // The server snapshot (also used while hydrating) is false, so hydration matches the server's HTML.
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const date = new Date(iso);
  const text = inBrowser ? new Intl.DateTimeFormat(undefined, FIELDS).format(date) : utcFormat.format(date);
  return (
    <time dateTime={iso} className={className}>
      {text}
    </time>
  );
}
