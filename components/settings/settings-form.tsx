"use client";
import { startTransition, useActionState, useState, useSyncExternalStore } from "react";
import { explainRetention } from "@/lib/srs/workload";
import type { SrsSettings } from "@/lib/srs/settings";
import { WEEKDAYS } from "@/lib/srs/load-balancer";
import { saveSettingsAction } from "./actions";
import { FIELDS, INITIAL_STATE, INPUT, display, type ActionState } from "./fields";

/** The learner's own settings. Fields keep what was typed when the server refuses them. */
export function SettingsForm({ settings, timeZone, timeZones }: { settings: SrsSettings; timeZone: string; timeZones: string[] }) {
  const [state, dispatch, pending] = useActionState(saveSettingsAction, INITIAL_STATE);
  const [retention, setRetention] = useState(display(settings, "desiredRetention"));
  const [zone, setZone] = useState(timeZone);
  const browserZone = useSyncExternalStore(
    noSubscription,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        startTransition(() => dispatch(form));
      }}
    >
      <RetentionField value={retention} onChange={setRetention} errors={state.errors.desiredRetention} weights={settings.weights} />
      <div className="grid gap-5 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <SettingField key={f.name} spec={f} defaultValue={display(settings, f.name)} errors={state.errors[f.name]} />
        ))}
        <div className="space-y-1">
          <label htmlFor="leechAction" className="block text-sm font-medium">When a card becomes a leech</label>
          <select id="leechAction" name="leechAction" defaultValue={settings.leechAction} className={INPUT}>
            <option value="suspend">Suspend it (and list it under Leeches)</option>
            <option value="tag">Keep showing it (and list it under Leeches)</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="timeZone" className="block text-sm font-medium">Time zone</label>
          <select id="timeZone" name="timeZone" value={zone} onChange={(e) => setZone(e.target.value)} className={INPUT} aria-describedby="timeZone-hint">
            {timeZones.map((tz) => (
              <option key={tz} value={tz}>{tz.replace(/_/g, " ")}</option>
            ))}
          </select>
          <p id="timeZone-hint" className="text-xs text-zinc-500">Your study day starts at the hour above in this zone.</p>
          {browserZone && browserZone !== zone && timeZones.includes(browserZone) && (
            <button type="button" onClick={() => setZone(browserZone)} className="text-sm text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
              Use this device’s zone ({browserZone.replace(/_/g, " ")})
            </button>
          )}
          <Errors id="timeZone" errors={state.errors.timeZone} />
        </div>
      </div>
      <div className="flex items-start gap-2">
        <input type="hidden" name="enableFuzz" value="false" />
        <input id="enableFuzz" name="enableFuzz" type="checkbox" defaultChecked={settings.enableFuzz} className="mt-1 size-4 accent-indigo-600" />
        <label htmlFor="enableFuzz" className="text-sm">
          <span className="font-medium">Fuzz intervals</span>
          <span className="block text-xs text-zinc-500">Spread review dates by a few percent so cards learned together don’t always come back together.</span>
        </label>
      </div>
      <Toggle name="loadBalancer" label="Load balancer" checked={settings.loadBalancer}>
        Within the fuzz range, a review is more likely to land on a day with fewer reviews already due, so your days stay even. Never moves a card outside the few percent fuzz allows (needs fuzz on).
      </Toggle>
      <fieldset className="space-y-2" aria-describedby="easyDays-hint">
        <legend className="text-sm font-medium">Easy days</legend>
        <p id="easyDays-hint" className="text-xs text-zinc-500">
          Lighter weekdays: on a <em>reduced</em> day reviews are kept to about half of a normal day; a <em>minimum</em> day gets a card only when every other day in its fuzz range is also minimum. Cards only move within their fuzz range (needs fuzz on).
        </p>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {WEEKDAYS.map((day, i) => (
            <div key={day} className="space-y-1">
              <label htmlFor={`easyDay${i}`} className="block text-xs font-medium">{day}</label>
              <select id={`easyDay${i}`} name={`easyDay${i}`} defaultValue={String(settings.easyDays[i] ?? 1)} className={INPUT}>
                <option value="1">Normal</option>
                <option value="0.5">Reduced</option>
                <option value="0">Minimum</option>
              </select>
            </div>
          ))}
        </div>
        <Errors id="easyDays" errors={state.errors.easyDays} />
      </fieldset>
      <Toggle name="autoOptimize" label="Keep FSRS parameters fitted" checked={settings.autoOptimize}>
        After every 250 new reviews (once you have 400 on later days), Attend refits your parameters in the background and keeps the new ones only if they predict your most recent reviews better. Each fit is listed on the Statistics page.
      </Toggle>
      <details className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
        <summary className="cursor-pointer text-sm font-medium">Advanced: FSRS parameters</summary>
        <label htmlFor="weights" className="mt-2 block text-xs text-zinc-500">
          21 numbers from the optimizer; empty uses the defaults.
        </label>
        <textarea id="weights" name="weights" rows={3} defaultValue={display(settings, "weights")} className={`${INPUT} font-mono text-sm`} aria-invalid={state.errors.weights ? true : undefined} />
        <Errors id="weights" errors={state.errors.weights} />
      </details>
      <FormFooter state={state} pending={pending} label="Save settings" />
    </form>
  );
}

const noSubscription = () => () => {};

/** A checkbox that always sends a value: a hidden "false" first, the box's "on" after it (the last wins). */
function Toggle({ name, label, checked, children }: { name: string; label: string; checked: boolean; children: React.ReactNode }) {
  return (
    <div className="flex items-start gap-2">
      <input type="hidden" name={name} value="false" />
      <input id={name} name={name} type="checkbox" defaultChecked={checked} className="mt-1 size-4 accent-indigo-600" aria-describedby={`${name}-hint`} />
      <label htmlFor={name} className="text-sm">
        <span className="font-medium">{label}</span>
        <span id={`${name}-hint`} className="block text-xs text-zinc-500">{children}</span>
      </label>
    </div>
  );
}

export function RetentionField(props: { value: string; onChange: (v: string) => void; errors?: string[]; weights?: number[] | null; placeholder?: string; inherit?: boolean; idPrefix?: string }) {
  const id = `${props.idPrefix ?? ""}desiredRetention`;
  const pct = Number(props.value);
  const valid = props.value.trim() !== "" && pct >= 70 && pct <= 99;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">Desired retention (%)</label>
      <input
        id={id}
        name="desiredRetention"
        type="number"
        inputMode="numeric"
        min={70}
        max={99}
        step={1}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
        className={`${INPUT} max-w-32`}
        aria-invalid={props.errors ? true : undefined}
        aria-describedby={props.errors ? `${id}-explain ${id}-error` : `${id}-explain`}
      />
      <p id={`${id}-explain`} aria-live="polite" className="text-sm text-zinc-600 dark:text-zinc-400">
        {valid
          ? explainRetention(pct / 100, props.weights)
          : props.inherit && props.value.trim() === ""
            ? "Blank: this deck uses your own retention."
            : "Pick a value from 70 to 99: the chance you still remember a card when it comes due."}
      </p>
      <Errors id={id} errors={props.errors} />
    </div>
  );
}

export function SettingField(props: { spec: (typeof FIELDS)[number]; defaultValue: string; errors?: string[]; placeholder?: string; idPrefix?: string }) {
  const { spec, defaultValue, errors, placeholder } = props;
  const id = `${props.idPrefix ?? ""}${spec.name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">{spec.label}</label>
      <input
        id={id}
        name={spec.name}
        type={spec.type === "number" ? "number" : "text"}
        inputMode={spec.type === "number" ? "numeric" : undefined}
        min={spec.min}
        max={spec.max}
        defaultValue={defaultValue}
        placeholder={placeholder}
        className={INPUT}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <p id={`${id}-hint`} className="text-xs text-zinc-500">{spec.hint}</p>
      <Errors id={id} errors={errors} />
    </div>
  );
}

export function Errors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

export function FormFooter({ state, pending, label, extra }: { state: ActionState; pending: boolean; label: string; extra?: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="submit"
        name="intent"
        value="save"
        disabled={pending}
        className="min-h-11 rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
      >
        {pending ? "Saving…" : label}
      </button>
      {extra}
      <p role="status" className={`text-sm ${state.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
        {state.message}
      </p>
    </div>
  );
}
