"use client";
// The statistics charts (recharts). Colours come from Tailwind's CSS variables and text from
// currentColor, so light and dark both read well; every chart has its table in ChartCard.
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ButtonCounts, CardStateCounts, ForecastDay, RetentionBucket, TimeSpent, WorkloadCurve } from "@/lib/stats";
import { plural } from "@/lib/exams/format";
import { ChartCard, DataTable, duration, pct, shortDay } from "./chart-card";

const C = {
  indigo: "var(--color-indigo-500)",
  sky: "var(--color-sky-500)",
  amber: "var(--color-amber-500)",
  red: "var(--color-red-500)",
  green: "var(--color-green-600)",
  zinc: "var(--color-zinc-400)",
  violet: "var(--color-violet-500)",
  emerald: "var(--color-emerald-500)",
};
const axis = { tick: { fill: "currentColor", fontSize: 12 }, stroke: "currentColor", strokeOpacity: 0.3 };
const tooltip = {
  contentStyle: { background: "var(--stats-tooltip-bg)", border: "1px solid var(--color-zinc-400)", borderRadius: 8, color: "inherit" },
  cursor: { fill: "currentColor", fillOpacity: 0.08 },
};
const HEIGHT = 240;

/**
 * The drawing: one image to assistive technology, named by its card's title and summary line (the
 * numbers are in the card's table). recharts' own keyboard layer is off (accessibilityLayer=false)
 * so nothing inside the image takes focus.
 */
function Frame({ id, children, height = HEIGHT }: { id: string; children: React.ReactElement; height?: number }) {
  return (
    <div className="[--stats-tooltip-bg:var(--color-white)] dark:[--stats-tooltip-bg:var(--color-zinc-900)]" style={{ height }} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-chart={id}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height }}>
        {children}
      </ResponsiveContainer>
    </div>
  );
}

export function ForecastChart({ days }: { days: ForecastDay[] }) {
  const data = days.map((d) => ({ ...d, label: shortDay(d.day) }));
  const total = days.reduce((s, d) => s + d.learning + d.review, 0);
  return (
    <ChartCard
      id="forecast"
      title="Due in the next 30 days"
      description={`${plural(total, "card")} come due; overdue cards count today. Today: ${days[0] ? days[0].learning + days[0].review : 0}.`}
      table={<DataTable caption="Cards due per day" head={["Day", "Learning", "Review"]} rows={days.map((d) => [d.day, d.learning, d.review])} />}
    >
      <Frame id="forecast">
        <BarChart accessibilityLayer={false} data={data} margin={{ left: -16, right: 8, top: 8 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="label" {...axis} interval="preserveStartEnd" minTickGap={16} />
          <YAxis {...axis} allowDecimals={false} />
          <Tooltip {...tooltip} />
          <Legend itemSorter={null} />
          <Bar dataKey="review" name="Review" stackId="a" fill={C.indigo} isAnimationActive={false} />
          <Bar dataKey="learning" name="Learning" stackId="a" fill={C.amber} isAnimationActive={false} />
        </BarChart>
      </Frame>
    </ChartCard>
  );
}

export function RetentionChart({ buckets }: { buckets: RetentionBucket[] }) {
  const desired = buckets[0]?.desired ?? 0.9;
  const data = buckets.map((b) => ({ label: b.label.replace(/ d$/, ""), retention: b.retention === null ? null : Math.round(b.retention * 1000) / 10 }));
  const reviews = buckets.reduce((s, b) => s + b.reviews, 0);
  const passed = buckets.reduce((s, b) => s + b.passed, 0);
  return (
    <ChartCard
      id="retention"
      title="True retention by interval"
      description={`Share of review answers that were not Again, by days since the card's previous review; the line is your desired retention (${pct(desired)}). Overall ${pct(reviews ? passed / reviews : null)} of ${reviews.toLocaleString("en")}.`}
      table={<DataTable caption="True retention by interval" head={["Interval", "Reviews", "Passed", "Retention", "Desired"]} rows={buckets.map((b) => [b.label, b.reviews, b.passed, pct(b.retention), pct(b.desired)])} />}
    >
      <Frame id="retention">
        <BarChart accessibilityLayer={false} data={data} margin={{ left: -16, right: 8, top: 8 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="label" {...axis} tick={{ fill: "currentColor", fontSize: 11 }} interval={0} angle={-35} textAnchor="end" height={44} />
          <YAxis {...axis} domain={[0, 100]} unit="%" />
          <Tooltip {...tooltip} formatter={(v) => `${v}%`} />
          <ReferenceLine y={desired * 100} stroke={C.red} strokeDasharray="4 3" label={{ value: `desired ${Math.round(desired * 100)}%`, position: "insideBottomRight", fill: "currentColor", fontSize: 11 }} />
          <Bar dataKey="retention" name="Retention" fill={C.emerald} isAnimationActive={false} />
        </BarChart>
      </Frame>
    </ChartCard>
  );
}

const STATE_ROWS: { key: keyof CardStateCounts; label: string; color: string }[] = [
  { key: "new", label: "New", color: C.sky },
  { key: "learning", label: "Learning", color: C.amber },
  { key: "review", label: "Review", color: C.indigo },
  { key: "relearning", label: "Relearning", color: C.red },
  { key: "suspended", label: "Suspended", color: C.zinc },
  { key: "leech", label: "Leeches", color: C.violet },
];

export function StatesChart({ states }: { states: CardStateCounts }) {
  const data = STATE_ROWS.map((r) => ({ label: r.label, count: states[r.key], fill: r.color }));
  const total = states.new + states.learning + states.review + states.relearning + states.suspended;
  return (
    <ChartCard
      id="states"
      title="Card states"
      description={`${plural(total, "card")}. Suspended cards count only as suspended; leeches may also be suspended.`}
      table={<DataTable caption="Cards per state" head={["State", "Cards"]} rows={data.map((d) => [d.label, d.count])} />}
    >
      <Frame id="states">
        <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ left: 8, right: 16, top: 8 }}>
          <CartesianGrid horizontal={false} stroke="currentColor" strokeOpacity={0.12} />
          <XAxis type="number" {...axis} allowDecimals={false} />
          <YAxis type="category" dataKey="label" {...axis} width={80} />
          <Tooltip {...tooltip} />
          <Bar dataKey="count" name="Cards" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.label} fill={d.fill} />
            ))}
          </Bar>
        </BarChart>
      </Frame>
    </ChartCard>
  );
}

export function ButtonsChart({ buttons }: { buttons: ButtonCounts[] }) {
  const share = (n: number, total: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);
  const data = buttons.map((b) => ({ group: b.group, Again: share(b.again, b.total), Hard: share(b.hard, b.total), Good: share(b.good, b.total), Easy: share(b.easy, b.total) }));
  return (
    <ChartCard
      id="buttons"
      title="Answer buttons"
      description="Share of each grade, by the card's state when answered (young: reviewed within 21 days of the previous review; mature: later)."
      table={<DataTable caption="Answers per button" head={["Group", "Again", "Hard", "Good", "Easy", "Total"]} rows={buttons.map((b) => [b.group, b.again, b.hard, b.good, b.easy, b.total])} />}
    >
      <Frame id="buttons">
        <BarChart accessibilityLayer={false} data={data} margin={{ left: -16, right: 8, top: 8 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="group" {...axis} />
          <YAxis {...axis} unit="%" domain={[0, 100]} />
          <Tooltip {...tooltip} formatter={(v) => `${v}%`} />
          <Legend itemSorter={null} />
          <Bar dataKey="Again" fill={C.red} isAnimationActive={false} />
          <Bar dataKey="Hard" fill={C.amber} isAnimationActive={false} />
          <Bar dataKey="Good" fill={C.green} isAnimationActive={false} />
          <Bar dataKey="Easy" fill={C.sky} isAnimationActive={false} />
        </BarChart>
      </Frame>
    </ChartCard>
  );
}

export function TimeChart({ days }: { days: TimeSpent[] }) {
  const minutes = days.reduce((s, d) => s + d.minutes, 0);
  const active = days.filter((d) => d.reviews > 0).length;
  // Short sessions read in seconds (no ".225m" ticks); otherwise whole minutes.
  const inSeconds = Math.max(0, ...days.map((d) => d.minutes)) < 2;
  const unit = inSeconds ? "s" : "m";
  const data = days.map((d) => ({ label: shortDay(d.day), value: inSeconds ? Math.round(d.minutes * 60) : Math.round(d.minutes * 10) / 10 }));
  return (
    <ChartCard
      id="time"
      title="Time spent per day"
      description={`${duration(minutes)} answering in the last ${plural(days.length, "day")}${active ? `: ${duration(minutes / active)} a day on the ${plural(active, "day")} you studied` : ""}.`}
      table={<DataTable caption="Time answering per day" head={["Day", "Minutes", "Reviews"]} rows={days.map((d) => [d.day, (Math.round(d.minutes * 100) / 100).toFixed(2), d.reviews])} />}
    >
      <Frame id="time">
        <BarChart accessibilityLayer={false} data={data} margin={{ left: 0, right: 8, top: 8 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="label" {...axis} interval="preserveStartEnd" minTickGap={16} />
          <YAxis {...axis} unit={unit} allowDecimals={false} width={48} />
          <Tooltip {...tooltip} formatter={(v) => (inSeconds ? `${v} s` : `${v} min`)} />
          <Bar dataKey="value" name={inSeconds ? "Seconds" : "Minutes"} fill={C.violet} isAnimationActive={false} />
        </BarChart>
      </Frame>
    </ChartCard>
  );
}

const WORKLOAD_COLORS = [C.red, C.amber, C.indigo, C.green];

export function WorkloadChart({ curves, days, current }: { curves: WorkloadCurve[]; days: string[]; current: number }) {
  const data = days.map((d, i) => Object.fromEntries([["label", shortDay(d)], ...curves.map((c) => [pct(c.retention).replace(".0", ""), c.perDay[i]])]));
  return (
    <ChartCard
      id="workload"
      title="Workload simulator"
      description={`Expected reviews per day for the next ${plural(days.length, "day")} at each desired retention, simulated from your cards and FSRS parameters (yours now: ${Math.round(current * 100)}%). Higher retention means more reviews, but over these weeks the curves lie close: cards keep the due dates they already have and new cards cost the same at any retention. The settings page's estimate is the long run, once every card has been rescheduled.`}
      table={
        <DataTable
          caption="Expected reviews at each desired retention"
          head={["Desired retention", "Reviews per day", `Total (${days.length} days)`, "Busiest day"]}
          rows={curves.map((c) => [pct(c.retention), c.average, c.total, Math.max(...c.perDay)])}
        />
      }
    >
      <Frame id="workload" height={260}>
        <LineChart accessibilityLayer={false} data={data} margin={{ left: -16, right: 8, top: 8 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="label" {...axis} interval="preserveStartEnd" minTickGap={16} />
          <YAxis {...axis} allowDecimals={false} />
          <Tooltip {...tooltip} />
          <Legend itemSorter={null} />
          {curves.map((c, i) => {
            const key = pct(c.retention).replace(".0", "");
            return <Line key={key} dataKey={key} name={`${key}`} stroke={WORKLOAD_COLORS[i % 4]} strokeWidth={Math.abs(c.retention - current) < 0.001 ? 3 : 1.5} dot={false} isAnimationActive={false} />;
          })}
        </LineChart>
      </Frame>
    </ChartCard>
  );
}
