"use client";

import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from "recharts";
import { TWO_FACTOR_STATUSES, twoFactorStatusLabel, type UserTwoFactorStatus } from "@/lib/two-factor/status";
import { axisLine, axisTick, gridStroke, tooltipStyle } from "./chart-style";
import { ChartLegend } from "./legend";

const COLOURS: Record<UserTwoFactorStatus, { fill: string; swatch: string }> = {
  off: { fill: "var(--chart-5)", swatch: "bg-chart-5" },
  required: { fill: "var(--chart-3)", swatch: "bg-chart-3" },
  active: { fill: "var(--chart-2)", swatch: "bg-chart-2" },
  locked: { fill: "var(--chart-4)", swatch: "bg-chart-4" },
};

/** Users per 2FA status as bars, with a legend that gives the numbers. */
export function TwoFactorCoverageChart({ counts }: { counts: Record<UserTwoFactorStatus, number> }) {
  const data = TWO_FACTOR_STATUSES.map((status) => ({ status, label: twoFactorStatusLabel(status), users: counts[status] }));
  const summary = data.map((datum) => `${datum.label} ${datum.users}`).join(", ");
  return (
    <figure className="space-y-4">
      <div role="img" aria-label={`Bar chart of users by 2FA status: ${summary}.`} className="h-48 w-full">
        <BarChart
          responsive
          style={{ width: "100%", height: "100%" }}
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke={gridStroke} />
          <XAxis dataKey="label" tick={axisTick} stroke={axisLine} tickLine={false} />
          <YAxis allowDecimals={false} width={36} tick={axisTick} stroke={axisLine} tickLine={false} />
          <Tooltip {...tooltipStyle} />
          <Bar dataKey="users" name="Users" radius={[4, 4, 0, 0]} isAnimationActive={false}>
            {data.map((datum) => (
              <Cell key={datum.status} fill={COLOURS[datum.status].fill} />
            ))}
          </Bar>
        </BarChart>
      </div>
      <figcaption>
        <ChartLegend
          label="Users by 2FA status"
          items={data.map((datum) => ({ key: datum.status, label: datum.label, value: datum.users, swatch: COLOURS[datum.status].swatch }))}
        />
      </figcaption>
    </figure>
  );
}
