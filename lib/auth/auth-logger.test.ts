import { afterEach, describe, expect, it } from "vitest";
import { captureLogs } from "@/test/support/logs";
import { authLogger } from "./auth-logger";

let capture: ReturnType<typeof captureLogs> | undefined;
afterEach(() => capture?.restore());

describe("Auth.js's lines", () => {
  it("go through the app's logger: a refused sign-in as a warning with its code, other errors as errors", () => {
    capture = captureLogs("debug");
    // As Auth.js reports a refused sign-in (CredentialsSignin), with the submitted password nowhere.
    authLogger.error(Object.assign(new Error("Read more at https://errors.authjs.dev#credentialssignin"), { type: "CredentialsSignin", code: "credentials" }));
    authLogger.error(new Error("JWT could not be decoded"));
    authLogger.warn("debug-enabled");
    expect(capture.lines()).toMatchObject([
      { level: 40, component: "auth", code: "credentials", msg: "sign-in refused" },
      { level: 50, component: "auth", msg: "JWT could not be decoded" },
      { level: 40, component: "auth", code: "debug-enabled" },
    ]);
  });
});
