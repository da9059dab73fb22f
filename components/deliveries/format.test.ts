import { describe, expect, it } from "vitest";
import { formatDuration } from "@/lib/format";
import { curlCommand, prettyBody } from "./format";

describe("delivery formatting", () => {
  it("builds a curl command with placeholders for redacted values and safe quoting", () => {
    const curl = curlCommand(
      "https://hooks.example.com/in",
      { "Content-Type": "application/json", "X-Qualifio-Signature": "[redacted]", Authorization: "[redacted]" },
      `[{"name":"O'Brien"}]`,
    );
    expect(curl).toContain(`curl -X POST 'https://hooks.example.com/in'`);
    expect(curl).toContain(`-H 'Content-Type: application/json'`);
    expect(curl).toContain(`-H "X-Qualifio-Signature: $X_QUALIFIO_SIGNATURE"`);
    expect(curl).toContain(`-H "Authorization: $AUTHORIZATION"`);
    expect(curl).toContain(`--data-raw '[{"name":"O'\\''Brien"}]'`);
    expect(curl).not.toContain("[redacted]");
  });

  it("pretty-prints JSON bodies and leaves others alone", () => {
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyBody("plain text")).toBe("plain text");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1234)).toBe("1.2 s");
    expect(formatDuration(null)).toBe("—");
  });
});
