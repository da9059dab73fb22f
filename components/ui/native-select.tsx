"use client";

import * as React from "react";
import { ChevronDown } from "lucide-react";

import { useDisabledUntilHydrated } from "@/components/hooks/use-hydrated";
import { cn } from "@/lib/utils";

/**
 * A select whose onChange does the work (switch program, filter) is disabled until hydrated, as
 * Button is; one without (a field of a GET form) works before that.
 */
function NativeSelect({ className, children, ...props }: React.ComponentProps<"select">) {
  const disabledProps = useDisabledUntilHydrated(props, !!props.onChange);
  return (
    <div data-slot="native-select-wrapper" className="relative w-full">
      <select
        data-slot="native-select"
        className={cn(
          "h-9 w-full appearance-none rounded-md border border-input bg-background py-1 pr-8 pl-3 text-sm shadow-xs transition-[color,box-shadow] outline-none",
          "focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50",
          "disabled:cursor-not-allowed disabled:opacity-50",
          "aria-invalid:border-destructive aria-invalid:ring-destructive/20",
          className,
        )}
        {...props}
        {...disabledProps}
      >
        {children}
      </select>
      <ChevronDown
        aria-hidden="true"
        className="text-muted-foreground pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2"
      />
    </div>
  );
}

/** One `<option>` per item: `value` is what it submits (and its key), `label` what it shows. */
function NativeSelectOptions<T>({ items, value, label }: { items: readonly T[]; value: (item: T) => string; label: (item: T) => React.ReactNode }) {
  return items.map((item) => {
    const v = value(item);
    return (
      <option key={v} value={v}>
        {label(item)}
      </option>
    );
  });
}

export { NativeSelect, NativeSelectOptions };
