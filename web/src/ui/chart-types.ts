// The charts' props (charts.tsx and its lazily loaded implementation both read them).

export interface ChartSeries {
  label: string;
  values: number[];
  /** One colour for the series (bars, lines). */
  color?: string;
  /** A colour per value (donut slices). */
  colors?: string[];
}

export interface ChartProps {
  kind: "bar" | "line" | "donut";
  /** What the chart shows, read by screen readers and used as the table's caption. */
  title: string;
  labels: string[];
  series: ChartSeries[];
  /** A click on a bar, point or slice: its index among `labels` (and the series). */
  onPick?: (index: number, series: number) => void;
  horizontal?: boolean;
  stacked?: boolean;
  /** Values are percentages (0–100). */
  percent?: boolean;
  height?: number;
}
