import { z } from "zod";
import { API_KEY_MARKER } from "@/lib/api-keys/keys";
import { catalogEntry, dataSchemaFor, exampleInput, identifierSchema, memberSchema } from "./catalog";
import {
  envelopeSchema,
  ingestedBatchSchema,
  ingestedEventSchema,
  ingestErrors,
  ingestErrorSchema,
  MAX_BATCH,
  MAX_BODY_BYTES,
  MAX_IDEMPOTENCY_KEY,
  type IngestErrorCode,
} from "./schemas";
import { eventTypes, type EventType } from "./types";

/*
 * The ingest API's OpenAPI 3.1 document, generated from the zod schemas ingest validates with
 * (zod 4's JSON Schema output is draft 2020-12, the dialect OpenAPI 3.1 uses). Nothing here
 * restates a field: a change to a schema changes the document.
 */

export const INGEST_PATH = "/api/v1/events";
export const OPENAPI_PATH = "/api/v1/openapi.json";

/** `points.earned` → `PointsEarnedEvent`. */
export function eventSchemaName(type: EventType): string {
  return `${type.replace(/(^|\.)(\w)/g, (_, _dot: string, letter: string) => letter.toUpperCase())}Event`;
}

/**
 * One event of a type as ingest accepts it: the envelope, with `member` and `data` narrowed to the
 * schemas ingest checks them against once it knows the type.
 */
function eventSchemaFor(type: EventType, member: z.ZodType) {
  return envelopeSchema.extend({
    type: z.literal(type).describe(envelopeSchema.shape.type.description!),
    member,
    data: dataSchemaFor(type).describe(envelopeSchema.shape.data.description!),
  });
}

const statusNames: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  413: "PayloadTooLarge",
  415: "UnsupportedMediaType",
  500: "Internal",
  503: "ServiceUnavailable",
};

/** The error codes, grouped by the status they are answered with, in the table's order. */
export function errorsByStatus(): Map<number, [IngestErrorCode, ...IngestErrorCode[]]> {
  const groups = new Map<number, [IngestErrorCode, ...IngestErrorCode[]]>();
  for (const [code, { status }] of Object.entries(ingestErrors) as [IngestErrorCode, (typeof ingestErrors)[IngestErrorCode]][]) {
    const group = groups.get(status);
    if (group) group.push(code);
    else groups.set(status, [code]);
  }
  return groups;
}

function buildSchemas() {
  const registry = z.registry<{ id: string }>();
  registry.add(identifierSchema, { id: "Identifier" });
  const member = memberSchema.describe(envelopeSchema.shape.member.description!);
  registry.add(member, { id: "Member" });
  const events = eventTypes.map(({ id, label }) => {
    const schema = eventSchemaFor(id, member).meta({ title: label, description: catalogEntry(id).description });
    registry.add(schema, { id: eventSchemaName(id) });
    return schema;
  });
  const [first, ...rest] = events;
  const event = z.discriminatedUnion("type", [first!, ...rest]);
  registry.add(event, { id: "Event" });
  registry.add(
    z.union([event, z.array(event).min(1).max(MAX_BATCH)]).describe(`One event, or an array of 1 to ${MAX_BATCH} events stored all or nothing.`),
    { id: "IngestRequest" },
  );
  registry.add(ingestedEventSchema, { id: "IngestedEvent" });
  registry.add(ingestedBatchSchema, { id: "IngestedBatch" });
  for (const [status, codes] of errorsByStatus()) registry.add(ingestErrorSchema(codes), { id: `${statusNames[status]}Error` });

  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: "input" });
  // Each comes out as a standalone document; inside components it is one schema among others.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]));
}

const json = (ref: string) => ({ schema: { $ref: `#/components/schemas/${ref}` } });

function errorResponses() {
  return Object.fromEntries(
    [...errorsByStatus()].map(([status, codes]) => {
      const lines = codes.map((code) => `- \`${code}\`: ${ingestErrors[code].description}`);
      return [
        String(status),
        {
          description: lines.join("\n"),
          ...(status === 503 && {
            headers: { "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer", minimum: 0 } } },
          }),
          content: { "application/json": json(`${statusNames[status]}Error`) },
        },
      ];
    }),
  );
}

function buildDocument() {
  const examples: Record<string, { summary: string; value: unknown }> = {};
  for (const { id, label } of eventTypes) examples[id] = { summary: label, value: exampleInput(id) };
  examples.batch = { summary: "A batch", value: [exampleInput("points.earned"), exampleInput("level.changed")] };
  return {
    openapi: "3.1.1",
    info: {
      title: "Integrations Hub ingest API",
      version: "1",
      description:
        "Your program backend posts member events here; the hub stores them and delivers them to the connectors " +
        "your push rules name. An answer of 202 means the events are stored: retrying with the same `id` or " +
        "Idempotency-Key never stores them twice.",
    },
    servers: [{ url: "/", description: "This hub" }],
    security: [{ apiKey: [] }],
    tags: [{ name: "Events", description: "Member events, one of the types in the event catalog." }],
    paths: {
      [INGEST_PATH]: {
        post: {
          operationId: "ingestEvents",
          tags: ["Events"],
          summary: "Send member events",
          description:
            `The body is one event or an array of up to ${MAX_BATCH}, at most ${MAX_BODY_BYTES} bytes (1 MiB) of UTF-8 JSON. ` +
            "A batch is validated whole: one bad event rejects it and nothing is stored.",
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description:
                "Stands in for `id` on events that have none (in a batch, suffixed with `:<index>`). " +
                "A key seen before for the program returns the original events.",
              schema: { type: "string", maxLength: MAX_IDEMPOTENCY_KEY },
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { ...json("IngestRequest"), examples } },
          },
          responses: {
            "202": {
              description: "Stored. One event is answered with its id, a batch with the ids in order.",
              content: {
                "application/json": {
                  schema: { oneOf: [{ $ref: "#/components/schemas/IngestedEvent" }, { $ref: "#/components/schemas/IngestedBatch" }] },
                },
              },
            },
            ...errorResponses(),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: `${API_KEY_MARKER}…`,
          description: "A program's API key (Settings → Programs): `Authorization: Bearer <key>`. The key decides the program.",
        },
      },
      schemas: buildSchemas(),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildDocument>;

let document: OpenApiDocument | undefined;

/** The document, built once per process: the schemas it comes from do not change at run time. */
export function openApiDocument(): OpenApiDocument {
  return (document ??= buildDocument());
}

type JsonSchema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  $ref?: string;
  items?: JsonSchema;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};
export type SchemaField = { name: string; type: string; required: boolean; description?: string };

function typeName(schema: JsonSchema): string {
  if (schema.$ref) return schema.$ref.slice(schema.$ref.lastIndexOf("/") + 1);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.type === "array") return `array of ${schema.items ? typeName(schema.items) : "any"}`;
  return schema.format ? `${schema.type} (${schema.format})` : (schema.type ?? "any");
}

/** The fields of one of the document's schemas, for a person to read. */
export function schemaFields(name: string): SchemaField[] {
  const schemas = openApiDocument().components.schemas as Record<string, JsonSchema>;
  const schema = schemas[name];
  if (!schema?.properties) throw new Error(`No object schema named ${name} in the OpenAPI document.`);
  return Object.entries(schema.properties).map(([field, property]) => ({
    name: field,
    type: typeName(property),
    required: schema.required?.includes(field) ?? false,
    description: property.description ?? (property.$ref && schemas[typeName(property)]?.description),
  }));
}
