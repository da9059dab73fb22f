"use client";

import { useEffect, useState, type TransitionStartFunction } from "react";
import { Search } from "lucide-react";
import { FormControl, FormField, InputField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect, NativeSelectOptions } from "@/components/ui/native-select";
import {
  deliveryStatuses,
  rangeError,
  rangePresets,
  statusLabels,
  toUtcMinute,
  type EventLogFilters as Filters,
} from "@/lib/delivery/logs/schemas";
import type { LogFilterOptions } from "@/lib/delivery/logs/queries";
import { eventTypes } from "@/lib/events/types";
import { MultiSelect } from "./multi-select";
import { useEventLogFilters } from "./use-event-log-filters";

const statusOptions = deliveryStatuses.map((s) => ({ value: s, label: statusLabels[s] }));
const eventOptions = eventTypes.map((t) => ({ value: t.id, label: t.label }));

type Props = {
  options: LogFilterOptions;
  /** The page's transition, so it can show that fresh rows are on their way. */
  startTransition?: TransitionStartFunction;
};

/** A UTC wall-clock value from a datetime-local input ("2025-06-01T10:00"); empty clears the bound. */
function utcInput(value: string): Date | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Typing searches after a pause (Enter at once); an outside change (Clear filters, Back) resets the box. */
function SearchBox({ q, onSearch }: { q: string; onSearch(q: string): void }) {
  const [text, setText] = useState(q);
  const [known, setKnown] = useState(q);
  const [sent, setSent] = useState(q);
  if (q !== known) {
    setKnown(q);
    if (q !== sent) setText(q);
  }
  const search = (value: string) => {
    setSent(value);
    onSearch(value);
  };
  useEffect(() => {
    const value = text.trim();
    if (value === q || value === sent) return;
    const timer = setTimeout(() => {
      setSent(value);
      onSearch(value);
    }, 400);
    return () => clearTimeout(timer);
  }, [text, q, sent, onSearch]);

  return (
    <form
      role="search"
      className="relative"
      onSubmit={(e) => {
        e.preventDefault();
        search(text.trim());
      }}
    >
      <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
      <FormControl>
        <Input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Email or id"
          title="A member email (or its start), a member id, an event id or a delivery id"
          className="pl-8"
          maxLength={200}
          autoComplete="off"
        />
      </FormControl>
    </form>
  );
}

type Bounds = Pick<Filters, "from" | "to">;

/**
 * From and To of a custom range. The inputs hold what was typed; a pair with To not after From
 * stays here with a message on To, and reaches the URL (so the list) only once it is valid.
 */
function CustomRange({ bounds, onChange }: { bounds: Bounds; onChange(bounds: Bounds): void }) {
  const [draft, setDraft] = useState(bounds);
  const error = rangeError({ range: "custom", ...draft });
  const set = (patch: Bounds) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (!rangeError({ range: "custom", ...next })) onChange(next);
  };
  const fields = [
    { id: "log-from", label: "From (UTC)", value: draft.from, set: (from?: Date) => set({ from }), error: undefined },
    { id: "log-to", label: "To (UTC)", value: draft.to, set: (to?: Date) => set({ to }), error },
  ];
  return fields.map((field) => (
    <InputField
      key={field.id}
      label={field.label}
      id={field.id}
      error={field.error}
      fieldClassName="col-span-2 md:col-span-1 lg:col-span-2"
      type="datetime-local"
      defaultValue={field.value ? toUtcMinute(field.value) : ""}
      onChange={(e) => field.set(utcInput(e.target.value))}
    />
  ));
}

/** The filter bar. Every change goes to the URL (useEventLogFilters), so a view can be shared and reloaded. */
export function EventLogFilters({ options, startTransition }: Props) {
  const [filters, onChange] = useEventLogFilters(startTransition);
  return (
    <div className="mb-4 grid grid-cols-2 items-end gap-3 md:grid-cols-3 lg:grid-cols-[repeat(5,minmax(0,1fr))_minmax(0,1.25fr)]">
      <FormField label="Status" id="log-status">
        <MultiSelect id="log-status" options={statusOptions} selected={filters.status} allLabel="All statuses" onChange={(status) => onChange({ status })} />
      </FormField>
      <FormField label="Event" id="log-event">
        <MultiSelect id="log-event" options={eventOptions} selected={filters.event} allLabel="All events" onChange={(event) => onChange({ event })} />
      </FormField>
      <FormField label="Connector" id="log-connector">
        <FormControl>
          <NativeSelect value={filters.connector ?? ""} onChange={(e) => onChange({ connector: e.target.value || undefined })}>
            <option value="">All connectors</option>
            <NativeSelectOptions items={options.connectors} value={(c) => c.id} label={(c) => c.deleted ? `${c.name} (deleted)` : c.name} />
          </NativeSelect>
        </FormControl>
      </FormField>
      <FormField label="Program" id="log-program">
        <FormControl>
          <NativeSelect value={filters.program ?? ""} onChange={(e) => onChange({ program: e.target.value || undefined })}>
            <option value="">All programs</option>
            <NativeSelectOptions items={options.programs} value={(p) => p.id} label={(p) => p.name} />
          </NativeSelect>
        </FormControl>
      </FormField>
      <FormField label="Time range" id="log-range">
        <FormControl>
          <NativeSelect
            value={filters.range}
            onChange={(e) => {
              const range = e.target.value as Filters["range"];
              // A custom range starts as the last 24 hours, ready to be adjusted.
              const now = Date.now();
              onChange(
                range === "custom"
                  ? { range, from: filters.from ?? new Date(now - 86_400_000), to: filters.to ?? new Date(now) }
                  : { range, from: undefined, to: undefined },
              );
            }}
          >
            <NativeSelectOptions items={rangePresets} value={(p) => p.id} label={(p) => p.label} />
            <option value="custom">Custom range</option>
          </NativeSelect>
        </FormControl>
      </FormField>
      <FormField label="Search" id="log-search">
        <SearchBox q={filters.q ?? ""} onSearch={(q) => onChange({ q: q || undefined })} />
      </FormField>
      {filters.range === "custom" ? <CustomRange bounds={{ from: filters.from, to: filters.to }} onChange={onChange} /> : null}
    </div>
  );
}
