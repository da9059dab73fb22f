import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ColumnDef } from "@/components/ui/data-table";
import type { AuditEntryRow } from "@/lib/audit/queries";
import { formatUtc } from "@/lib/format";

const entityLabels: Record<string, string> = { api_key: "API key", push_rule: "Push rule" };

export function entityLabel(type: string) {
  return entityLabels[type] ?? type.charAt(0).toUpperCase() + type.slice(1).replaceAll("_", " ");
}

/** Where an entity can be opened, for the types that have a page of their own. */
const entityHref: Record<string, (id: string) => string> = {
  program: (id) => `/settings/programs/${id}`,
};

const MAX_VALUE = 80;

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function Changes({ changes }: { changes: AuditEntryRow["changes"] }) {
  const fields = Object.entries(changes ?? {});
  if (fields.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs">
      {fields.map(([field, { before, after }]) => (
        <div key={field} className="contents">
          <dt className="font-medium text-muted-foreground">{field}</dt>
          <dd className="min-w-0 break-words whitespace-normal">
            {/* A created field shows its value alone; a removed one its old value struck through. */}
            {before == null ? null : (
              <span className="text-muted-foreground line-through decoration-muted-foreground/50">{show(before)}</span>
            )}
            {before != null && after != null ? " → " : null}
            {after == null && before != null ? null : <span>{show(after)}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Entity({ entry }: { entry: AuditEntryRow }) {
  const href = entry.entityId ? entityHref[entry.entityType]?.(entry.entityId) : undefined;
  const shortId = entry.entityId?.slice(0, 8);
  return (
    <>
      {entityLabel(entry.entityType)}
      {shortId ? (
        <span className="block font-mono text-xs text-muted-foreground" title={entry.entityId ?? undefined}>
          {href ? (
            <Link href={href} className="hover:underline">
              {shortId}
            </Link>
          ) : (
            shortId
          )}
        </span>
      ) : null}
    </>
  );
}

export const auditColumns: ColumnDef<AuditEntryRow>[] = [
  {
    id: "when",
    header: "When",
    className: "align-top text-muted-foreground",
    cell: (entry) => (
      <time dateTime={entry.at.toISOString()} title={entry.at.toISOString()}>
        {formatUtc(entry.at, "date")}
        <span className="block text-xs">{formatUtc(entry.at, "time")}</span>
      </time>
    ),
  },
  { id: "who", header: "Who", className: "align-top", cell: (entry) => entry.actorEmail ?? "—" },
  {
    id: "action",
    header: "Action",
    className: "align-top",
    cell: (entry) => (
      <Badge variant="outline" className="font-mono">
        {entry.action}
      </Badge>
    ),
  },
  { id: "entity", header: "Entity", className: "align-top", cell: (entry) => <Entity entry={entry} /> },
  { id: "summary", header: "Summary", className: "min-w-40 align-top whitespace-normal", cell: (entry) => entry.summary },
  {
    id: "changes",
    header: "Changes",
    className: "min-w-56 align-top whitespace-normal",
    cell: (entry) => <Changes changes={entry.changes} />,
  },
];
