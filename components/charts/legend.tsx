import { cn } from "@/components/ui/cn";

export interface LegendItem {
  key: string;
  label: string;
  value: number;
  /** The series' colour, a token class: bg-chart-1 … bg-chart-5. */
  swatch: string;
}

/** A chart's visible legend with the numbers, so the chart is never the only way to read them. */
export function ChartLegend({ label, items, className }: { label: string; items: LegendItem[]; className?: string }) {
  return (
    <ul aria-label={label} className={cn("flex flex-wrap gap-x-5 gap-y-2 text-sm", className)}>
      {items.map((item) => (
        <li key={item.key} className="flex items-center gap-1.5">
          <span aria-hidden="true" className={cn("size-3 shrink-0 rounded-sm", item.swatch)} />
          <span className="text-muted-foreground">{item.label}</span>
          <span className="font-semibold tabular-nums text-foreground">{item.value}</span>
        </li>
      ))}
    </ul>
  );
}
