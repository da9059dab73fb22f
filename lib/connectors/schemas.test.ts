import { describe, expect, it } from "vitest";
import { customHeaderSchema, updateGlobalVariablesSchema } from "./schemas";

const message = "Use only letters, digits and hyphens (-) in a header name.";

function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

describe("header names", () => {
  it.each(["X-`touch$IFS'pwned'`", "X-$(id)", 'X-"q"', "X-Api_Key", "X.Tenant", "X|Y", "X Tenant"])(
    "refuses %j as a custom header name and as the auth header name",
    (name) => {
      expect(problems(customHeaderSchema.safeParse({ name, value: "v" }))).toEqual([{ path: "name", message }]);
      const globals = updateGlobalVariablesSchema.safeParse({
        connectorId: "00000000-0000-4000-8000-000000000000",
        notificationUrl: "",
        authHeaderName: name,
        signatureScheme: "qualifio",
        timeoutMs: 10_000,
      });
      expect(problems(globals)).toEqual([{ path: "authHeaderName", message }]);
    },
  );

  it("accepts letters, digits and hyphens", () => {
    expect(customHeaderSchema.safeParse({ name: "X-Api-Key-2", value: "v" }).success).toBe(true);
  });
});
