import type { DayCount } from "@/lib/stats";
import { plural } from "@/lib/exams/format";
import { ChartCard, DataTable, shortDay } from "./chart-card";

const CELL = 13;
const GAP = 3;
const LEVELS = ["fill-zinc-200 dark:fill-zinc-800", "fill-indigo-200 dark:fill-indigo-900", "fill-indigo-400 dark:fill-indigo-700", "fill-indigo-600 dark:fill-indigo-500", "fill-indigo-800 dark:fill-indigo-300"];

/** Calendar heatmap of reviews per study day (a year, weeks as columns, Monday on top). Plain SVG. */
export function Heatmap({ days }: { days: DayCount[] }) {
  const max = Math.max(1, ...days.map((d) => d.count));
  const level = (n: number) => (n === 0 ? 0 : Math.min(4, 1 + Math.floor((n / max) * 3.999)));
  const weekday = (key: string) => (new Date(`${key}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const offset = days.length ? weekday(days[0].day) : 0;
  const weeks = Math.ceil((days.length + offset) / 7);
  const studied = days.filter((d) => d.count > 0);
  const total = days.reduce((s, d) => s + d.count, 0);
  return (
    <ChartCard
      id="heatmap"
      title="Reviews per day"
      description={`${plural(total, "review")} on ${studied.length} of the last ${plural(days.length, "day")}.`}
      table={<DataTable caption="Reviews per study day" head={["Day", "Reviews"]} rows={[...studied].reverse().map((d) => [d.day, d.count])} />}
    >
      {/* rtl scroll box: on a narrow screen the latest weeks show first; the svg itself stays ltr */}
      <div className="overflow-x-auto" dir="rtl" tabIndex={0} role="group" aria-label="Reviews per day, scrolls sideways">
        <div dir="ltr" className="mr-auto w-max">
          <svg role="img" aria-label={`Calendar of reviews per day, most ${max} in a day`} width={weeks * (CELL + GAP)} height={7 * (CELL + GAP)} className="block">
            {days.map((d, i) => {
              const k = i + offset;
              return (
                <rect key={d.day} x={Math.floor(k / 7) * (CELL + GAP)} y={(k % 7) * (CELL + GAP)} width={CELL} height={CELL} rx={2} className={LEVELS[level(d.count)]}>
                  <title>{`${shortDay(d.day)}: ${d.count} review${d.count === 1 ? "" : "s"}`}</title>
                </rect>
              );
            })}
          </svg>
        </div>
      </div>
      <p className="mt-2 flex items-center gap-1 text-xs" aria-hidden>
        Less
        {LEVELS.map((c) => (
          <svg key={c} width={CELL} height={CELL}>
            <rect width={CELL} height={CELL} rx={2} className={c} />
          </svg>
        ))}
        More
      </p>
    </ChartCard>
  );
}
