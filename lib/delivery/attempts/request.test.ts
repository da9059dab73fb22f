import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { REDACTED } from "@/lib/redacted";
import { buildRequest, defaultUserAgent, isReservedHeaderName, type BuildRequestInput } from "./request";

const now = new Date();
const timestamp = String(Math.floor(now.getTime() / 1000));
const secret = "whsec_dGhpcy1pcy1hLXRlc3Qtc2VjcmV0LWtleQ==";
const previousSecret = "whsec_b2xkLXNlY3JldC1iZWluZy1yb3RhdGVkLW91dA==";

type Overrides = Partial<Omit<BuildRequestInput, "secrets">> & { secrets?: Partial<BuildRequestInput["secrets"]> };

/** A request's input: a fixed event and connector, the current secret only; `secrets` overrides field by field. */
function input({ secrets, ...overrides }: Overrides = {}): BuildRequestInput {
  return {
    delivery: { id: "3f1c9a52-0000-4000-8000-000000000001" },
    event: {
      id: "9b2d7c10-0000-4000-8000-000000000002",
      type: "points.earned",
      createdAt: new Date("2025-03-01T12:00:00.000Z"),
      test: false,
      program: { id: "prog-1", name: "Gold Club" },
      member: { id: "m-1", email: "zoe@example.com", firstName: "Zoë", identifiers: [] },
      data: { points: 50, balance: 1250, action: "purchase" },
    },
    connector: { notificationUrl: "https://hooks.example.com/in?x=1", signatureScheme: "qualifio" },
    secrets: { secret, previousSecret: null, authHeader: null, customHeaders: [], ...secrets },
    now,
    ...overrides,
  };
}

const hmacHex = (key: string, body: string) => createHmac("sha256", Buffer.from(key, "utf8")).update(body, "utf8").digest("hex");

describe("buildRequest", () => {
  it("builds the body as an array with one event object in the wire shape", () => {
    const { body, url } = buildRequest(input());
    expect(url).toBe("https://hooks.example.com/in?x=1");
    const parsed = JSON.parse(body);
    expect(parsed).toEqual([
      {
        id: "9b2d7c10-0000-4000-8000-000000000002",
        type: "points.earned",
        createdAt: "2025-03-01T12:00:00.000Z",
        test: false,
        program: { id: "prog-1", name: "Gold Club" },
        member: { id: "m-1", email: "zoe@example.com", firstName: "Zoë", identifiers: [] },
        data: { points: 50, balance: 1250, action: "purchase" },
      },
    ]);
    expect(Object.keys(parsed[0])).toEqual(["id", "type", "createdAt", "test", "program", "member", "data"]);
  });

  it("sets the protocol headers and an HMAC over the exact body", () => {
    const { headers, body } = buildRequest(input());
    expect(headers).toEqual({
      "Content-Type": "application/json",
      "User-Agent": defaultUserAgent,
      "X-Qualifio-Event": "points.earned",
      "X-Qualifio-Delivery": "3f1c9a52-0000-4000-8000-000000000001",
      "X-Qualifio-Timestamp": timestamp,
      "X-Qualifio-Signature": `sha256=${hmacHex(secret, body)}`,
    });
    expect(defaultUserAgent).toBe("IntegrationsHub-Webhooks/1.0");
  });

  it("sends no signature without a secret", () => {
    const { headers } = buildRequest(input({ secrets: { secret: null } }));
    expect(headers).not.toHaveProperty("X-Qualifio-Signature");
  });

  it("adds Standard Webhooks headers verifiable by the official library", () => {
    const { headers, body } = buildRequest(
      input({ connector: { notificationUrl: "https://h.example/", signatureScheme: "qualifio+standard" } }),
    );
    expect(headers["webhook-id"]).toBe("3f1c9a52-0000-4000-8000-000000000001");
    expect(headers["webhook-timestamp"]).toBe(timestamp);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("sends both signatures of each scheme during a rotation overlap", () => {
    const { headers, body } = buildRequest(
      input({
        connector: { notificationUrl: "https://h.example/", signatureScheme: "qualifio+standard" },
        secrets: { previousSecret },
      }),
    );
    expect(headers["X-Qualifio-Signature"]).toBe(`sha256=${hmacHex(secret, body)},sha256=${hmacHex(previousSecret, body)}`);
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(new Webhook(secret).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previousSecret).verify(body, headers)).toBeTruthy();
  });

  it("adds the auth and custom headers, and redacts every secret value for the log", () => {
    const request = buildRequest(
      input({
        connector: { notificationUrl: "https://h.example/", signatureScheme: "qualifio+standard" },
        secrets: {
          authHeader: { name: "Authorization", value: "Bearer top-secret" },
          customHeaders: [
            { name: "X-Tenant", value: "acme" },
            { name: "X-Api-Key", value: "k-123" },
          ],
        },
      }),
    );
    expect(request.headers).toMatchObject({ Authorization: "Bearer top-secret", "X-Tenant": "acme", "X-Api-Key": "k-123" });
    expect(request.redactedHeaders).toEqual({
      ...request.headers,
      "X-Qualifio-Signature": REDACTED,
      "webhook-signature": REDACTED,
      Authorization: REDACTED,
      "X-Tenant": REDACTED,
      "X-Api-Key": REDACTED,
    });
    expect(JSON.stringify(request.redactedHeaders)).not.toMatch(/top-secret|k-123|sha256=/);
  });

  it("never lets configured headers override the hub's own", () => {
    const { headers } = buildRequest(
      input({
        secrets: {
          authHeader: { name: "Authorization", value: "Bearer a" },
          customHeaders: [
            { name: "x-qualifio-signature", value: "sha256=forged" },
            { name: "content-type", value: "text/plain" },
            { name: "authorization", value: "Bearer b" },
          ],
        },
      }),
    );
    expect(headers["X-Qualifio-Signature"]).not.toBe("sha256=forged");
    expect(headers["Content-Type"]).toBe("application/json");
    expect(headers.Authorization).toBe("Bearer a");
    expect(Object.keys(headers).filter((h) => h.toLowerCase() === "authorization")).toHaveLength(1);
  });

  it("marks test events", () => {
    const base = input();
    const { body } = buildRequest({ ...base, event: { ...base.event, test: true } });
    expect(JSON.parse(body)[0].test).toBe(true);
  });
});

describe("isReservedHeaderName", () => {
  it("covers the hub's headers, whatever the case", () => {
    for (const name of ["Content-Type", "host", "X-Qualifio-Delivery", "Webhook-Signature", "User-Agent"]) {
      expect(isReservedHeaderName(name)).toBe(true);
    }
    expect(isReservedHeaderName("Authorization")).toBe(false);
    expect(isReservedHeaderName("X-Custom")).toBe(false);
  });
});
