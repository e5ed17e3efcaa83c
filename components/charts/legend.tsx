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
    <ul aria-label={label} className={cn("grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4", className)}>
      {items.map((item) => (
        <li key={item.key} className="flex items-center gap-2">
          <span aria-hidden="true" className={cn("size-3 shrink-0 rounded-sm", item.swatch)} />
          <span className="text-muted-foreground">{item.label}</span>
          <span className="ml-auto font-semibold tabular-nums text-foreground">{item.value}</span>
        </li>
      ))}
    </ul>
  );
}
