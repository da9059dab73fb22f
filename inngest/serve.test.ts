import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { inngestRoute, servingRefusal } from "./serve";

const secrets = { AUTH_SECRET: "a".repeat(32), ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };

describe("serving the Inngest functions", () => {
  it("refuses while the local driver is the engine", () => {
    expect(servingRefusal(parseEnv({ ...secrets, INNGEST_DEV: "1" }))).toMatchObject({ status: 404, code: "inngest_disabled" });
  });

  it("asks for the dev server or a signing key when Inngest is the engine", () => {
    const refusal = servingRefusal(parseEnv({ ...secrets, DELIVERY_ENGINE: "inngest" }));
    expect(refusal).toMatchObject({ status: 503, code: "inngest_not_configured" });
    expect(refusal?.message).toContain("INNGEST_SIGNING_KEY");
  });

  it("serves with the dev server or a signing key", () => {
    expect(servingRefusal(parseEnv({ ...secrets, DELIVERY_ENGINE: "inngest", INNGEST_DEV: "1" }))).toBeNull();
    expect(servingRefusal(parseEnv({ ...secrets, DELIVERY_ENGINE: "inngest", INNGEST_SIGNING_KEY: "signkey-prod-abc" }))).toBeNull();
  });

  it("answers a JSON error instead of the SDK when not enabled", async () => {
    const response = await inngestRoute("PUT")(new NextRequest("http://localhost/api/inngest", { method: "PUT" }), {});
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "inngest_disabled", message: expect.stringContaining("DELIVERY_ENGINE=inngest") } });
  });
});
