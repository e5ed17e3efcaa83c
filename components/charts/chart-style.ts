// What both dashboard charts share: axis, grid and tooltip colours from the theme's tokens
// (so dark mode follows by itself), and the swatch classes of their legends.
export const axisTick = { fill: "var(--muted-foreground)", fontSize: 12 };
export const axisLine = "var(--border)";
export const gridStroke = "var(--border)";
export const tooltipStyle = {
  contentStyle: {
    background: "var(--popover)",
    color: "var(--popover-foreground)",
    border: "1px solid var(--border)",
    borderRadius: 6,
    fontSize: 12,
  },
  labelStyle: { color: "var(--popover-foreground)", fontWeight: 600 },
  itemStyle: { color: "var(--popover-foreground)" },
  cursor: { fill: "var(--accent)", stroke: "var(--border)" },
} as const;
