"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { DayActivity } from "@/lib/dashboard/sign-in-activity";
import { axisLine, axisTick, gridStroke, tooltipStyle } from "./chart-style";
import { ChartLegend } from "./legend";

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const dayLabel = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

const SERIES = [
  { key: "signIns", label: "Sign-ins", stroke: "var(--chart-1)", swatch: "bg-chart-1" },
  { key: "failures", label: "Failed attempts", stroke: "var(--chart-4)", swatch: "bg-chart-4" },
] as const;

/** Sign-ins and failed attempts per day as two lines; the legend has the totals, a hidden table every day. */
export function SignInActivityChart({ days }: { days: DayActivity[] }) {
  const totals = { signIns: days.reduce((sum, day) => sum + day.signIns, 0), failures: days.reduce((sum, day) => sum + day.failures, 0) };
  const range = days.length ? `${dayLabel(days[0]!.day)} to ${dayLabel(days.at(-1)!.day)}` : "";
  return (
    <figure className="space-y-4">
      <div
        role="img"
        aria-label={`Line chart of sign-ins and failed attempts per day, ${range} (UTC): ${totals.signIns} sign-ins and ${totals.failures} failed attempts in all.`}
        className="h-48 w-full"
      >
        <LineChart
          responsive
          style={{ width: "100%", height: "100%" }}
          data={days}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke={gridStroke} />
          <XAxis dataKey="day" tickFormatter={dayLabel} tick={axisTick} stroke={axisLine} tickLine={false} minTickGap={24} />
          <YAxis allowDecimals={false} width={36} tick={axisTick} stroke={axisLine} tickLine={false} />
          <Tooltip {...tooltipStyle} labelFormatter={(day) => dayLabel(String(day))} />
          {SERIES.map((series) => (
            <Line
              key={series.key}
              type="linear"
              dataKey={series.key}
              name={series.label}
              stroke={series.stroke}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </div>
      <figcaption className="space-y-2">
        <ChartLegend
          label="Totals over the last 30 days"
          items={SERIES.map((series) => ({ key: series.key, label: series.label, value: totals[series.key], swatch: series.swatch }))}
        />
        <table className="sr-only">
          <caption>Sign-ins and failed attempts per day (UTC)</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Sign-ins</th>
              <th scope="col">Failed attempts</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.day}>
                <th scope="row">{dayLabel(day.day)}</th>
                <td>{day.signIns}</td>
                <td>{day.failures}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
