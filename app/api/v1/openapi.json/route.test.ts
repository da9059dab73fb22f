import { describe, expect, it } from "vitest";
import { openApiDocument, OPENAPI_PATH } from "@/lib/events/openapi";
import { config } from "@/proxy";
import { GET } from "./route";

describe(`GET ${OPENAPI_PATH}`, () => {
  it("answers the OpenAPI document as JSON", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(body.openapi).toMatch(/^3\.1\./);
  });

  it("is public: the sign-in gate does not run for it", () => {
    // Next matches the whole path against the pattern.
    const gated = (path: string) => config.matcher.some((pattern) => new RegExp(`^${pattern}$`).test(path));
    expect(gated("/integrations/api")).toBe(true);
    expect(gated(OPENAPI_PATH)).toBe(false);
  });
});
