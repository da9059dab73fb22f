"use client";

import Link from "next/link";
import { useQueryStates } from "nuqs";
import { Button, buttonVariants } from "@/components/ui/button";
import { FormControl, FormField, InputField } from "@/components/ui/form-field";
import { NativeSelect, NativeSelectOptions } from "@/components/ui/native-select";
import { auditLogParsers } from "@/lib/audit/filters";

const PATH = "/settings/audit-log";

type Props = {
  entityTypes: { value: string; label: string }[];
  actors: { value: string; label: string }[];
};

/** Filters live in the URL so a view can be shared and reloaded; Apply starts from the newest entries. */
export function AuditFilters({ entityTypes, actors }: Props) {
  const [values, setValues] = useQueryStates(auditLogParsers, { shallow: false, history: "push" });
  return (
    <form
      // A new URL (Apply, Clear, Back) shows its own values in the fields.
      key={JSON.stringify(values)}
      action={PATH}
      method="get"
      role="search"
      aria-label="Filter the audit log"
      className="mb-4 grid grid-cols-2 items-end gap-3 md:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const field = (name: string) => String(form.get(name) ?? "").trim() || null;
        void setValues({ entity: field("entity"), actor: field("actor"), q: field("q"), from: field("from"), to: field("to"), before: null });
      }}
    >
      <FormField label="Entity" id="audit-entity">
        <FormControl>
          <NativeSelect name="entity" defaultValue={values.entity ?? ""}>
            <option value="">All entities</option>
            <NativeSelectOptions items={entityTypes} value={(t) => t.value} label={(t) => t.label} />
          </NativeSelect>
        </FormControl>
      </FormField>
      <FormField label="Actor" id="audit-actor">
        <FormControl>
          <NativeSelect name="actor" defaultValue={values.actor ?? ""}>
            <option value="">Anyone</option>
            <NativeSelectOptions items={actors} value={(a) => a.value} label={(a) => a.label} />
          </NativeSelect>
        </FormControl>
      </FormField>
      <InputField label="Search" id="audit-q" name="q" defaultValue={values.q ?? ""} placeholder="Action or summary" />
      <InputField label="From (UTC)" id="audit-from" name="from" type="date" defaultValue={values.from ?? ""} />
      <InputField label="To (UTC)" id="audit-to" name="to" type="date" defaultValue={values.to ?? ""} />
      <div className="flex gap-2">
        <Button type="submit" worksBeforeHydration>
          Apply
        </Button>
        <Link href={PATH} className={buttonVariants({ variant: "ghost" })}>
          Clear
        </Link>
      </div>
    </form>
  );
}
