import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { makeApiKey, makeProgram } from "@/test/support/factories";
import { useTestDatabase } from "@/test/support/db";
import { exampleInput } from "./catalog";
import { handleIngest } from "./http";
import { validateIngestBody } from "./ingest";
import { eventSchemaName, INGEST_PATH, openApiDocument } from "./openapi";
import { ingestErrors, MAX_BATCH } from "./schemas";
import { eventTypeIds } from "./types";

const doc = openApiDocument();
const operation = doc.paths[INGEST_PATH].post;

/**
 * Ajv reads the schemas in place, inside the document, so a `$ref` means what it means to an
 * OpenAPI tool. The document's own top-level fields are declared as keywords for strict mode.
 */
function ajvFor(document: object) {
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary(["openapi", "info", "servers", "security", "tags", "paths", "components"]);
  ajv.addSchema(document, "openapi.json");
  return (pointer: string) => {
    const validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
    return (value: unknown) => {
      const ok = validate(value);
      return { ok, errors: validate.errors };
    };
  };
}
const schemaAt = ajvFor(doc);
const requestBody = schemaAt(`/paths/${INGEST_PATH.replaceAll("/", "~1")}/post/requestBody/content/application~1json/schema`);

describe("the ingest API's OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("asks for the API key as a bearer token", () => {
    expect(doc.security).toEqual([{ apiKey: [] }]);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("has a schema for every event type in the catalog, and the request accepts each of them", () => {
    const { Event } = doc.components.schemas as Record<string, { oneOf?: { $ref: string }[] }>;
    expect(Event!.oneOf!.map((s) => s.$ref)).toEqual(eventTypeIds.map((t) => `#/components/schemas/${eventSchemaName(t)}`));
    for (const type of eventTypeIds) {
      expect(schemaAt(`/components/schemas/${eventSchemaName(type)}`)(exampleInput(type))).toMatchObject({ ok: true });
      expect(requestBody(exampleInput(type))).toMatchObject({ ok: true });
    }
  });

  it("its request examples are accepted by the schema and by ingest", () => {
    const examples = Object.values(operation.requestBody.content["application/json"].examples);
    expect(examples).toHaveLength(eventTypeIds.length + 1);
    for (const { value } of examples) {
      expect(requestBody(value)).toMatchObject({ ok: true });
      expect(validateIngestBody(value).ok).toBe(true);
    }
  });

  // Each body is judged by the document and by ingest's own validation: they must agree.
  const earned = exampleInput("points.earned");
  const bodies: [string, unknown][] = [
    ["a batch of every type", eventTypeIds.map(exampleInput)],
    [`a batch of ${MAX_BATCH}`, Array.from({ length: MAX_BATCH }, () => earned)],
    ["an event with its own id and time", { ...earned, id: "order-981", occurredAt: "2026-05-01T12:00:00+02:00" }],
    ["an empty batch", []],
    [`a batch of ${MAX_BATCH + 1}`, Array.from({ length: MAX_BATCH + 1 }, () => earned)],
    ["an unknown type", { ...earned, type: "points.expired" }],
    ["another type's data", { ...earned, data: exampleInput("level.changed").data }],
    ["an unknown field", { ...earned, channel: "web" }],
    ["an unknown member field", { ...earned, member: { ...earned.member, nickname: "Lee" } }],
    ["a member without an id", { ...earned, member: { email: "lena.hart@example.com" } }],
    ["no data", { type: earned.type, member: earned.member }],
    ["a time without an offset", { ...earned, occurredAt: "2026-05-01T12:00:00" }],
    ["an empty id", { ...earned, id: "" }],
    ["a batch with one bad event", [earned, { ...earned, data: { ...earned.data, points: 0 } }]],
    ["a string", "points.earned"],
  ];
  it.each(bodies)("agrees with ingest on %s", (_, body) => {
    expect(requestBody(body).ok).toBe(validateIngestBody(body).ok);
  });

  it("lists every error status the route answers, and the 202", () => {
    const statuses = new Set(Object.values(ingestErrors).map((e) => String(e.status)));
    expect(Object.keys(operation.responses).sort()).toEqual(["202", ...statuses].sort());
  });
});

describe("the route's real answers match the document", () => {
  const database = useTestDatabase();
  let key: string;
  beforeAll(async () => {
    const { db } = database();
    key = (await makeApiKey(db, (await makeProgram(db)).id)).key;
  });

  async function answer(body: string, headers: Record<string, string> = {}) {
    const response = await handleIngest(
      new Request(`http://hub.test${INGEST_PATH}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
        body,
      }),
      { db: database().db, dispatch: async () => undefined },
    );
    const documented = (operation.responses as Record<string, unknown>)[String(response.status)];
    expect(documented, `status ${response.status}`).toBeDefined();
    return schemaAt(`/paths/${INGEST_PATH.replaceAll("/", "~1")}/post/responses/${response.status}/content/application~1json/schema`)(
      await response.json(),
    );
  }

  it.each<[string, string, Record<string, string>?]>([
    ["one event", JSON.stringify(exampleInput("points.earned"))],
    ["a batch", JSON.stringify([exampleInput("points.earned"), exampleInput("reward.offered")])],
    ["a duplicate", JSON.stringify({ ...exampleInput("points.earned"), id: "dup-1" })],
    ["a duplicate, again", JSON.stringify({ ...exampleInput("points.earned"), id: "dup-1" })],
    ["an invalid event", JSON.stringify({ ...exampleInput("points.earned"), data: {} })],
    ["malformed JSON", "{not json"],
    ["a long Idempotency-Key", JSON.stringify(exampleInput("points.earned")), { "idempotency-key": "k".repeat(201) }],
    ["no API key", "{}", { authorization: "" }],
    ["an unknown API key", "{}", { authorization: `Bearer ihk_${"A".repeat(43)}` }],
    ["a text body", "{}", { "content-type": "text/plain" }],
    ["a body over 1 MiB", `"${"x".repeat(1024 * 1024)}"`],
  ])("%s", async (_, body, headers) => {
    expect(await answer(body, headers)).toMatchObject({ ok: true });
  });
});
