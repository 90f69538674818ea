"use client";
import { startTransition, useActionState, useState } from "react";
import type { SrsSettings } from "@/lib/srs/settings";
import { saveDeckOverrideAction } from "./actions";
import { FIELDS, INITIAL_STATE, INPUT, display } from "./fields";
import { Errors, FormFooter, RetentionField, SettingField } from "./settings-form";

export interface DeckOption {
  id: string;
  path: string;
  depth: number;
  name: string;
}

/**
 * Overrides for one deck and its sub-decks. Blank fields inherit the learner's settings, shown as
 * placeholders; picking another deck reloads its current overrides into the fields.
 */
export function DeckOverrideForm(props: {
  decks: DeckOption[];
  overrides: { deckId: string; deckPath: string; settings: Partial<SrsSettings> }[];
  learner: SrsSettings;
}) {
  const [deckId, setDeckId] = useState(props.overrides[0]?.deckId ?? "");
  const override = props.overrides.find((o) => o.deckId === deckId)?.settings ?? {};
  return (
    <div className="space-y-4">
      {props.overrides.length > 0 && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Decks with overrides:{" "}
          {props.overrides.map((o, i) => (
            <span key={o.deckId}>
              {i > 0 && ", "}
              <button type="button" className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300" onClick={() => setDeckId(o.deckId)}>
                {o.deckPath}
              </button>
            </span>
          ))}
        </p>
      )}
      <div className="space-y-1">
        <label htmlFor="deckId" className="block text-sm font-medium">Deck</label>
        <select id="deckId" value={deckId} onChange={(e) => setDeckId(e.target.value)} className={INPUT}>
          <option value="">Pick a deck…</option>
          {props.decks.map((d) => (
            <option key={d.id} value={d.id}>
              {"\u00a0\u00a0".repeat(d.depth)}
              {d.name}
              {props.overrides.some((o) => o.deckId === d.id) ? " (overridden)" : ""}
            </option>
          ))}
        </select>
      </div>
      {/* keyed by deck: the fields start from that deck's stored overrides */}
      {deckId && <OverrideFields key={deckId} deckId={deckId} override={override} learner={props.learner} hasOverride={props.overrides.some((o) => o.deckId === deckId)} />}
    </div>
  );
}

function OverrideFields({ deckId, override, learner, hasOverride }: { deckId: string; override: Partial<SrsSettings>; learner: SrsSettings; hasOverride: boolean }) {
  const [state, dispatch, pending] = useActionState(saveDeckOverrideAction, INITIAL_STATE);
  const [retention, setRetention] = useState(display(override, "desiredRetention"));
  const fuzz = override.enableFuzz === undefined ? "" : String(override.enableFuzz);
  return (
    <form
      className="space-y-5"
      aria-label="Deck override"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
        startTransition(() => dispatch(form));
      }}
    >
      <input type="hidden" name="deckId" value={deckId} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Leave a field blank to use your own setting (shown greyed out).</p>
      <RetentionField
        value={retention}
        onChange={setRetention}
        errors={state.errors.desiredRetention}
        weights={learner.weights}
        placeholder={display(learner, "desiredRetention")}
        inherit
        idPrefix="o-"
      />
      <div className="grid gap-5 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <SettingField key={f.name} spec={f} defaultValue={display(override, f.name)} placeholder={display(learner, f.name)} errors={state.errors[f.name]} idPrefix="o-" />
        ))}
        <div className="space-y-1">
          <label htmlFor="o-leechAction" className="block text-sm font-medium">When a card becomes a leech</label>
          <select id="o-leechAction" name="leechAction" defaultValue={override.leechAction ?? ""} className={INPUT}>
            <option value="">Inherit ({learner.leechAction})</option>
            <option value="suspend">Suspend it</option>
            <option value="tag">Keep showing it</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="o-enableFuzz" className="block text-sm font-medium">Fuzz intervals</label>
          <select id="o-enableFuzz" name="enableFuzz" defaultValue={fuzz} className={INPUT}>
            <option value="">Inherit ({learner.enableFuzz ? "on" : "off"})</option>
            <option value="true">On</option>
            <option value="false">Off</option>
          </select>
          <Errors id="o-enableFuzz" errors={state.errors.enableFuzz} />
        </div>
      </div>
      <FormFooter
        state={state}
        pending={pending}
        label="Save deck override"
        extra={
          hasOverride && (
            <button type="submit" name="intent" value="remove" disabled={pending} className="min-h-11 rounded-lg px-4 py-2 ring-1 ring-zinc-300 hover:bg-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-800">
              Remove override
            </button>
          )
        }
      />
    </form>
  );
}
