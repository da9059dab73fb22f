import Link from "next/link";
import { ScrollText } from "lucide-react";
import { formatUtc } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditEntryRow } from "@/lib/audit/queries";

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

export function AuditTable({ entries }: { entries: AuditEntryRow[] }) {
  if (entries.length === 0) {
    return (
      <EmptyState
        icon={<ScrollText />}
        title="No entries"
        description="Nothing in the audit log matches these filters. Every change to connectors, push rules, programs, API keys and users is recorded here."
      />
    );
  }
  return (
    <Table aria-label="Audit log">
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>Who</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Entity</TableHead>
          <TableHead>Summary</TableHead>
          <TableHead>Changes</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => {
          const href = entry.entityId ? entityHref[entry.entityType]?.(entry.entityId) : undefined;
          const shortId = entry.entityId?.slice(0, 8);
          return (
            <TableRow key={entry.id} className="align-top">
              <TableCell className="align-top text-muted-foreground">
                <time dateTime={entry.at.toISOString()} title={entry.at.toISOString()}>
                  {formatUtc(entry.at, "date")}
                  <span className="block text-xs">{formatUtc(entry.at, "time")}</span>
                </time>
              </TableCell>
              <TableCell className="align-top">{entry.actorEmail ?? "—"}</TableCell>
              <TableCell className="align-top">
                <Badge variant="outline" className="font-mono">
                  {entry.action}
                </Badge>
              </TableCell>
              <TableCell className="align-top">
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
              </TableCell>
              <TableCell className="min-w-40 align-top whitespace-normal">{entry.summary}</TableCell>
              <TableCell className="min-w-56 align-top whitespace-normal">
                <Changes changes={entry.changes} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
