import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { SectionCard } from "@/components/ui/section-card";
import { API_KEY_MARKER } from "@/lib/api-keys/keys";
import { catalogEntry, exampleInput } from "@/lib/events/catalog";
import { errorsByStatus, eventSchemaName, INGEST_PATH, openApiDocument, schemaFields } from "@/lib/events/openapi";
import { ingestErrors, MAX_BATCH } from "@/lib/events/schemas";
import { eventTypeIds, eventTypes } from "@/lib/events/types";
import { IngestExamples } from "./ingest-examples";
import { ReferenceTable, type ReferenceRow } from "./reference-table";

/** The document's descriptions mark code with backticks, as Markdown does. */
function withCode(text: string | undefined): React.ReactNode {
  return text?.split("`").map((part, i) => (i % 2 ? <code key={i} className="font-mono text-xs">{part}</code> : part));
}

function fieldRows(schemaName: string): ReferenceRow[] {
  return schemaFields(schemaName).map((field) => ({
    key: field.name,
    cells: [
      <span key="name" className="font-mono">
        {field.name}
        {field.required ? (
          <Badge variant="outline" className="ml-2">
            required
          </Badge>
        ) : null}
      </span>,
      <span key="type" className="font-mono text-muted-foreground">
        {field.type}
      </span>,
      withCode(field.description),
    ],
  }));
}

function ReferenceCard({ title, description, children }: { title: string; description: React.ReactNode; children: React.ReactNode }) {
  return (
    <SectionCard title={title} region description={description} contentClassName="grid gap-4">
      {children}
    </SectionCard>
  );
}

const FIELD_COLUMNS = ["Field", "Type", "Description"];

/** The ingest API, as its OpenAPI document describes it, for a person setting up a program backend. */
export function ApiReference({ serverOrigin }: { serverOrigin: string }) {
  const operation = openApiDocument().paths[INGEST_PATH].post;
  const errors = [...errorsByStatus()].flatMap(([status, codes]) =>
    codes.map((code) => ({ key: code, cells: [status, <code key="code" className="font-mono">{code}</code>, withCode(ingestErrors[code].description)] })),
  );
  return (
    <div className="grid gap-6">
      <ReferenceCard title="Endpoint" description={withCode(operation.description)}>
        <IngestExamples
          serverOrigin={serverOrigin}
          path={INGEST_PATH}
          keyHint={`${API_KEY_MARKER}…`}
          examples={[
            { label: "Single event", body: exampleInput("points.earned") },
            { label: "Batch", body: [exampleInput("profile.created"), exampleInput("points.earned")] },
          ]}
        />
      </ReferenceCard>

      <ReferenceCard title="Authentication" description="A bearer token: the API key of the program the events belong to.">
        <p className="text-sm">
          Send <code className="font-mono">Authorization: Bearer &lt;API key&gt;</code>. Admins create keys under{" "}
          <Link href="/settings/programs" className="underline underline-offset-4">
            Settings → Programs
          </Link>
          ; a key is shown once, and the hub keeps only its hash. A missing, unknown or revoked key gets a 401.
        </p>
      </ReferenceCard>

      <ReferenceCard
        title="Request body"
        description={withCode(`One event object, or an array of 1 to ${MAX_BATCH} of them. Every event has the same fields; what \`data\` holds depends on \`type\`.`)}
      >
        <ReferenceTable caption="Event fields" columns={FIELD_COLUMNS} rows={fieldRows(eventSchemaName(eventTypeIds[0]))} />
        <h3 className="text-sm font-medium">member</h3>
        <ReferenceTable caption="Member fields" columns={FIELD_COLUMNS} rows={fieldRows("Member")} />
        <h3 className="text-sm font-medium">Event types</h3>
        <ReferenceTable
          caption="Event types"
          columns={["Event", "type", "Description"]}
          rows={eventTypes.map(({ id, label }) => ({
            key: id,
            cells: [
              <Link key="label" href={`/integrations/event-catalog#${id}`} className="underline underline-offset-4">
                {label}
              </Link>,
              <code key="type" className="font-mono">{id}</code>,
              catalogEntry(id).description,
            ],
          }))}
        />
        <p className="text-sm text-muted-foreground">
          <code className="font-mono">Idempotency-Key</code> header: {withCode(operation.parameters[0]!.description)}
        </p>
      </ReferenceCard>

      <ReferenceCard title="Responses" description="Every answer is JSON. Errors carry a code to branch on and a message for a person.">
        <ReferenceTable
          caption="Responses"
          columns={["Status", "Code", "Meaning"]}
          rows={[{ key: "202", cells: ["202", "", withCode(operation.responses["202"].description)] }, ...errors]}
        />
      </ReferenceCard>
    </div>
  );
}
