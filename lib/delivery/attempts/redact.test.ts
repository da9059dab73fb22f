import { describe, expect, it } from "vitest";
import { redactEchoes } from "./redact";
import type { AttemptResult } from "./send";

const answered = (responseHeaders: Record<string, string> | null, responseBody: string | null, error: string | null = null): AttemptResult => ({
  success: true,
  status: 200,
  responseHeaders,
  responseBody,
  responseTruncated: false,
  durationMs: 3,
  errorCode: null,
  error,
  retryAfter: null,
});

describe("redactEchoes", () => {
  it("replaces each secret, longest first, in headers, body and error", () => {
    const result = redactEchoes(
      answered({ "x-echo": "Bearer tok-1234" }, "auth=Bearer tok-1234 alone=tok-1234", "redirect to /x?k=tok-1234 not followed."),
      ["tok-1234", "Bearer tok-1234"],
    );
    expect(result.responseHeaders).toEqual({ "x-echo": "[redacted]" });
    expect(result.responseBody).toBe("auth=[redacted] alone=[redacted]");
    expect(result.error).toBe("redirect to /x?k=[redacted] not followed.");
  });

  it("finds a secret a JSON echo escaped", () => {
    const value = 'say "open" \\ sesame';
    const body = JSON.stringify({ headers: { "x-pass": value } });
    expect(redactEchoes(answered(null, body), [value]).responseBody).toBe('{"headers":{"x-pass":"[redacted]"}}');
  });

  it("leaves values too short to mean anything, and returns the result untouched without secrets", () => {
    const result = answered({ region: "eu" }, "eu abc");
    expect(redactEchoes(result, ["eu", "abc", ""])).toBe(result);
    expect(redactEchoes(result, [])).toBe(result);
  });
});
