import { lazy, Suspense } from "react";
import type { ChartProps } from "./chart-types.ts";
import { Spinner } from "./index.tsx";

export type { ChartProps, ChartSeries } from "./chart-types.ts";

// Charts for the dashboards and reports: a well-kept library (Chart.js via
// react-chartjs-2), loaded on first use so the rest of the app does not
// carry it. Canvas charts are invisible to screen readers and cannot take the
// keyboard: every chart has its figures as a table for assistive technology
// (visually hidden), and pages give each figure a link as well as the click.

const ChartImpl = lazy(() => import("./charts-impl.tsx"));

/** A chart of `labels` × `series`, with its figures as a hidden table. */
export function Chart(props: ChartProps) {
  return (
    <figure className="chart" aria-label={props.title}>
      <Suspense
        fallback={
          <div style={{ height: props.height ?? 220 }}>
            <Spinner />
          </div>
        }
      >
        <div aria-hidden="true">
          <ChartImpl {...props} />
        </div>
      </Suspense>
      <table className="sr-only">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {props.series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.labels.map((l, i) => (
            <tr key={l}>
              <th scope="row">{l}</th>
              {props.series.map((s) => (
                <td key={s.label}>
                  {s.values[i] ?? 0}
                  {props.percent ? "%" : ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
