"use client";

import { ChevronDown } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

type Props<T extends string> = {
  id: string;
  options: readonly { value: T; label: string }[];
  selected: readonly T[];
  /** Shown when nothing is selected ("All statuses"). */
  allLabel: string;
  onChange(next: T[]): void;
};

/**
 * A select that takes several values: a button (named by its FormField <label>) opening checkboxes.
 * The menu stays open while ticking, so picking three statuses is three clicks.
 */
export function MultiSelect<T extends string>({ id, options, selected, allLabel, onChange }: Props<T>) {
  const labels = options.filter((o) => selected.includes(o.value)).map((o) => o.label);
  const summary = labels.length === 0 ? allLabel : labels.length <= 2 ? labels.join(", ") : `${labels.length} selected`;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button id={id} variant="outline" className="w-full justify-between px-3 font-normal">
          <span className="truncate">{summary}</span>
          <ChevronDown className="size-4 text-muted-foreground" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" aria-labelledby={id} className="min-w-(--radix-dropdown-menu-trigger-width)">
        {options.map((option) => (
          <DropdownMenuCheckboxItem
            key={option.value}
            checked={selected.includes(option.value)}
            onSelect={(e) => e.preventDefault()}
            onCheckedChange={(checked) =>
              onChange(checked ? [...selected, option.value] : selected.filter((v) => v !== option.value))
            }
          >
            {option.label}
          </DropdownMenuCheckboxItem>
        ))}
        {selected.length > 0 ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => onChange([])}>{allLabel}</DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
