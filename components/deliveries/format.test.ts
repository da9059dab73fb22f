import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatDuration } from "@/lib/format";
import { curlCommand, prettyBody } from "./format";

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Pastes the command into a real bash whose `curl` only writes down its arguments (NUL-separated),
 * in an empty working directory: anything the command ran on the side leaves a file there.
 */
function runInBash(command: string, env: Record<string, string> = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "curl-paste-"));
  scratch.push(root);
  const bin = path.join(root, "bin");
  const cwd = path.join(root, "cwd");
  const argvFile = path.join(root, "argv");
  fs.mkdirSync(bin);
  fs.mkdirSync(cwd);
  fs.writeFileSync(path.join(bin, "curl"), `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > "$ARGV_FILE"\n`, { mode: 0o755 });
  const run = spawnSync("bash", ["--norc", "--noprofile", "-c", command], {
    cwd,
    env: { NODE_ENV: "test", PATH: `${bin}:/usr/bin:/bin`, HOME: root, ARGV_FILE: argvFile, ...env },
    encoding: "utf8",
  });
  const argv = fs.existsSync(argvFile) ? fs.readFileSync(argvFile, "utf8").split("\0").slice(0, -1) : null;
  return { status: run.status, stderr: run.stderr, argv, leftovers: fs.readdirSync(cwd) };
}

describe("delivery formatting", () => {
  it("builds a curl command with placeholders for redacted values and safe quoting", () => {
    const curl = curlCommand(
      "https://hooks.example.com/in",
      { "Content-Type": "application/json", "X-Qualifio-Signature": "[redacted]", Authorization: "[redacted]" },
      `[{"name":"O'Brien"}]`,
    );
    expect(curl).toContain(`curl -X POST --url 'https://hooks.example.com/in'`);
    expect(curl).toContain(`-H 'Content-Type: application/json'`);
    expect(curl).toContain(`-H 'X-Qualifio-Signature: '"$X_QUALIFIO_SIGNATURE"`);
    expect(curl).toContain(`-H 'Authorization: '"$AUTHORIZATION"`);
    expect(curl).toContain(`--data-raw '[{"name":"O'\\''Brien"}]'`);
    expect(curl).not.toContain("[redacted]");
  });

  it("runs nothing but curl when pasted into bash, whatever the header names, values, URL and body hold", () => {
    const url = "https://hooks.example.com/in?a=$(touch url-1)&b=`touch url-2`&c='";
    const redactedName = "X-`touch$IFS'pwned'`";
    const plainName = "X-$(touch name-1)";
    const plainValue = `$(touch value-1)'"\`touch value-2\`"'; touch value-3`;
    const body = `[{"name":"O'Brien; touch body-1; '","x":"$(touch body-2)"}]`;
    const curl = curlCommand(
      url,
      { "Content-Type": "application/json", [redactedName]: "[redacted]", [plainName]: plainValue, Authorization: "[redacted]", "Content-Length": "42" },
      body,
    );

    const run = runInBash(curl, { AUTHORIZATION: "Bearer from-the-shell" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.leftovers).toEqual([]);
    expect(run.argv).toEqual([
      "-X",
      "POST",
      "--url",
      url,
      "-H",
      "Content-Type: application/json",
      "-H",
      `${redactedName}: `,
      "-H",
      `${plainName}: ${plainValue}`,
      "-H",
      "Authorization: Bearer from-the-shell",
      "--data-raw",
      body,
    ]);
  });

  it("keeps a URL starting with a dash an argument of --url, not an option", () => {
    const run = runInBash(curlCommand("-o/tmp/pwned", {}, "[]"));
    expect(run.argv).toEqual(["-X", "POST", "--url", "-o/tmp/pwned", "--data-raw", "[]"]);
  });

  it("pretty-prints JSON bodies and leaves others alone", () => {
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyBody("plain text")).toBe("plain text");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1234)).toBe("1.2 s");
    expect(formatDuration(null)).toBe("—");
  });
});
