import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exampleInput } from "@/lib/events/catalog";
import { validateIngestBody } from "@/lib/events/ingest";
import { ingestCurl } from "./curl";

/** What curl would receive if the command were pasted into bash: its arguments, one per line of JSON. */
function argvInBash(command: string, apiKey: string): string[] {
  const run = spawnSync("bash", ["--norc", "--noprofile", "-c", `curl() { node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "$@"; }\n${command}`], {
    env: { NODE_ENV: "test", PATH: process.env.PATH, HUB_API_KEY: apiKey },
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as string[];
}

describe("the API page's curl examples", () => {
  it.each([
    ["a single event", exampleInput("points.earned")],
    ["a batch", [exampleInput("profile.created"), { ...exampleInput("identifier.added"), data: { type: "note", value: "O'Brien's card" } }]],
  ])("post %s that ingest accepts, with the key from $HUB_API_KEY", (_, body) => {
    const argv = argvInBash(ingestCurl("https://hub.example.com/api/v1/events", body), "ihk_secret");
    expect(argv.slice(0, 8)).toEqual([
      "-X",
      "POST",
      "--url",
      "https://hub.example.com/api/v1/events",
      "-H",
      "Authorization: Bearer ihk_secret",
      "-H",
      "Content-Type: application/json",
    ]);
    expect(argv[8]).toBe("--data-raw");
    const sent: unknown = JSON.parse(argv[9]!);
    expect(sent).toEqual(body);
    expect(validateIngestBody(sent).ok).toBe(true);
  });
});
