import {
  ArcElement,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  type ChartOptions,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { Bar, Doughnut, Line } from "react-chartjs-2";
import type { ChartProps } from "./chart-types.ts";

// Chart.js through react-chartjs-2, loaded only by the pages that draw charts
// (charts.tsx imports this file lazily). Registered piece by piece so the
// bundle holds only what is drawn.
ChartJS.register(
  ArcElement,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
);

/** Status colours the whole app uses: good, warning, bad, neutral, then series colours. */
export const PALETTE = [
  "#1b7f3b",
  "#c77700",
  "#c62828",
  "#546e7a",
  "#1565c0",
  "#6a1b9a",
  "#00838f",
  "#8d6e63",
];

export default function ChartImpl({
  kind,
  labels,
  series,
  onPick,
  horizontal,
  stacked,
  percent,
  height,
}: ChartProps) {
  const datasets = series.map((s, i) => {
    const color = s.color ?? PALETTE[(i + 4) % PALETTE.length] ?? "#1565c0";
    return {
      label: s.label,
      data: s.values,
      backgroundColor: kind === "donut" ? (series[0]?.colors ?? PALETTE) : color,
      borderColor: kind === "donut" ? "#fff" : color,
      borderWidth: kind === "line" ? 2 : 1,
      pointRadius: kind === "line" ? 2 : 0,
      fill: false,
      tension: 0.2,
    };
  });
  const onClick: ChartOptions["onClick"] = (_event, elements) => {
    const hit = elements[0];
    if (hit && onPick) onPick(hit.index, hit.datasetIndex);
  };
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    onClick,
    onHover: (event: { native: Event | null }, elements: unknown[]) => {
      const target = event.native?.target as HTMLElement | undefined;
      if (target) target.style.cursor = onPick && elements.length ? "pointer" : "default";
    },
    plugins: {
      legend: { display: series.length > 1 || kind === "donut", position: "bottom" as const },
      tooltip: percent
        ? { callbacks: { label: (c: { formattedValue: string }) => `${c.formattedValue}%` } }
        : {},
    },
  };
  // Counts are whole numbers: no 0.2 steps on the axis of a small count.
  const ticks = percent ? {} : { ticks: { precision: 0 } };
  const scales = {
    x: {
      stacked: stacked ?? false,
      ...(horizontal ? ticks : {}),
      ...(horizontal && percent ? { max: 100, min: 0 } : {}),
    },
    y: {
      stacked: stacked ?? false,
      beginAtZero: true,
      ...(horizontal ? {} : ticks),
      ...(!horizontal && percent ? { max: 100 } : {}),
    },
  };
  return (
    <div style={{ position: "relative", height: height ?? 220 }}>
      {kind === "line" ? (
        <Line data={{ labels, datasets }} options={{ ...common, scales }} />
      ) : kind === "donut" ? (
        <Doughnut data={{ labels, datasets }} options={common} />
      ) : (
        <Bar data={{ labels, datasets }} options={{ ...common, scales, indexAxis: horizontal ? "y" : "x" }} />
      )}
    </div>
  );
}
