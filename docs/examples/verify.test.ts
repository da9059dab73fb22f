import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { buildBody, buildRequest, type SignatureScheme, type WebhookEvent } from "@/lib/delivery/attempts/request";
import { qualifioSignature, standardWebhooksSignature } from "@/lib/delivery/attempts/signing";
import { exampleInput } from "@/lib/events/catalog";
import { eventTypeIds } from "@/lib/events/types";
import { verifyQualifio, verifyStandardWebhooks } from "./verify.mjs";

/*
 * The verification snippets in docs/receiving-webhooks.md, run against requests the hub's own code
 * built and signed (lib/delivery/attempts/request.ts over lib/delivery/attempts/signing.ts). Node and Python always
 * run; PHP and Go run when `php` / `go` are installed. Every snippet must give exactly the expected
 * verdict for every case, so a snippet that accepts a forgery or rejects a real request fails here.
 */

const here = path.dirname(new URL(import.meta.url).pathname);
const scratch = mkdtempSync(path.join(tmpdir(), "verify-snippets-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Scheme = "qualifio" | "standard";
type Case = { name: string; scheme: Scheme; body: Buffer; headers: Record<string, string>; secrets: string[]; now: number; expected: boolean };

const T = 1_767_225_600; // 2026-01-01T00:00:00Z, the time every request below is signed at
const plainSecret = "a-plain-secret-at-least-16-characters";
const whsec = () => `whsec_${randomBytes(24).toString("base64")}`;
const [current, previous, stranger] = [whsec(), whsec(), whsec()];

function event(): WebhookEvent {
  const input = exampleInput("points.earned");
  return {
    id: randomUUID(),
    type: input.type,
    createdAt: new Date((T - 3) * 1000),
    test: false,
    program: { id: randomUUID(), name: "Café Club ☕" },
    // Multi-byte characters: a snippet that signs decoded text instead of bytes would still pass ASCII.
    member: { ...input.member, firstName: "Zoë", lastName: "Ångström 🎉" },
    data: input.data,
  };
}

function signed(scheme: SignatureScheme, secret: string | null, previousSecret: string | null = null, now = new Date(T * 1000)) {
  const request = buildRequest({
    delivery: { id: randomUUID() },
    event: event(),
    connector: { notificationUrl: "https://receiver.example/hook", signatureScheme: scheme },
    secrets: { secret, previousSecret, authHeader: { name: "Authorization", value: "Bearer t0ken" }, customHeaders: [] },
    now,
  });
  return { body: Buffer.from(request.body, "utf8"), headers: request.headers };
}

const tamper = (body: Buffer) => Buffer.from(body.toString("utf8").replace('"points":120', '"points":1200'), "utf8");

function cases(): Case[] {
  const plain = signed("qualifio", plainSecret);
  const rotating = signed("qualifio", current, previous);
  const unsigned = signed("qualifio", null);
  const std = signed("qualifio+standard", current);
  const stdRotating = signed("qualifio+standard", current, previous);
  const q = (name: string, r: { body: Buffer; headers: Record<string, string> }, secrets: string[], expected: boolean, now = T + 2): Case => ({
    name,
    scheme: "qualifio",
    body: r.body,
    headers: r.headers,
    secrets,
    now,
    expected,
  });
  const s = (name: string, r: { body: Buffer; headers: Record<string, string> }, secrets: string[], expected: boolean, now = T + 2): Case => ({
    ...q(name, r, secrets, expected, now),
    scheme: "standard",
  });
  const withHeader = (r: { body: Buffer; headers: Record<string, string> }, name: string, value: string) => ({
    body: r.body,
    headers: { ...r.headers, [name]: value },
  });
  return [
    q("qualifio: the hub's request", plain, [plainSecret], true),
    q("qualifio: a whsec_ secret is used whole as the key", std, [current], true),
    q("qualifio: lower-case header names (as Node and most frameworks give them)", { body: plain.body, headers: lower(plain.headers) }, [plainSecret], true),
    q("qualifio: tampered body", { ...plain, body: tamper(plain.body) }, [plainSecret], false),
    q("qualifio: body re-serialised with other spacing", { ...plain, body: Buffer.from(JSON.stringify(JSON.parse(plain.body.toString()), null, 1)) }, [plainSecret], false),
    q("qualifio: wrong secret", plain, ["another-secret-of-enough-length"], false),
    q("qualifio: timestamp 301 s old", plain, [plainSecret], false, T + 301),
    q("qualifio: timestamp 300 s old is still accepted", plain, [plainSecret], true, T + 300),
    q("qualifio: timestamp 301 s in the future", plain, [plainSecret], false, T - 301),
    q("qualifio: no timestamp header", withoutHeader(plain, "X-Qualifio-Timestamp"), [plainSecret], false),
    q("qualifio: rotation, receiver still on the old secret", rotating, [previous], true),
    q("qualifio: rotation, receiver already on the new secret", rotating, [current], true),
    q("qualifio: rotation, receiver holding both", rotating, [stranger, previous], true),
    q("qualifio: rotation, unrelated secret", rotating, [stranger], false),
    q("qualifio: connector without a secret sends no signature", unsigned, [plainSecret], false),
    q("qualifio: malformed signature header", withHeader(plain, "X-Qualifio-Signature", "garbage,sha256=,,"), [plainSecret], false),
    q("qualifio: hex without its sha256= prefix", withHeader(plain, "X-Qualifio-Signature", plain.headers["X-Qualifio-Signature"]!.slice(7)), [plainSecret], false),
    s("standard: the hub's request", std, [current], true),
    s("standard: lower-case header names", { body: std.body, headers: lower(std.headers) }, [current], true),
    s("standard: tampered body", { ...std, body: tamper(std.body) }, [current], false),
    s("standard: wrong secret", std, [stranger], false),
    s("standard: timestamp 301 s old", std, [current], false, T + 301),
    s("standard: webhook-timestamp rewritten to now (it is signed)", withHeader(std, "webhook-timestamp", String(T + 400)), [current], false, T + 400),
    s("standard: webhook-id rewritten (it is signed)", withHeader(std, "webhook-id", randomUUID()), [current], false),
    s("standard: rotation, old secret", stdRotating, [previous], true),
    s("standard: rotation, new secret", stdRotating, [current], true),
    s("standard: rotation, unrelated secret", stdRotating, [stranger], false),
    s("standard: a qualifio-only connector sends no webhook-* headers", plain, [plainSecret], false),
  ];
}

function lower(headers: Record<string, string>) {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function withoutHeader(r: { body: Buffer; headers: Record<string, string> }, name: string) {
  const headers = { ...r.headers };
  delete headers[name];
  return { body: r.body, headers };
}

/** The cases as the other languages' harnesses read them: bodies in base64, so bytes stay bytes. */
function wire(all: Case[]) {
  return JSON.stringify(all.map((c) => ({ scheme: c.scheme, body: c.body.toString("base64"), headers: c.headers, secrets: c.secrets, now: c.now })));
}

function run(command: string, args: string[], input: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): boolean[] {
  const result = spawnSync(command, args, { input, encoding: "utf8", timeout: 120_000, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} exited with ${result.status}:\n${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as boolean[];
}

function installed(command: string): boolean {
  return spawnSync(command, ["--version"]).error === undefined;
}

function verdicts(all: Case[], got: boolean[]) {
  return all.map((c, i) => ({ case: c.name, verdict: got[i] }));
}
const expectedVerdicts = (all: Case[]) => all.map((c) => ({ case: c.name, verdict: c.expected }));

const pythonHarness = `
import base64, json, sys
sys.path.insert(0, sys.argv[1])
from verify import verify_qualifio, verify_standard_webhooks
out = []
for c in json.load(sys.stdin):
    check = verify_qualifio if c["scheme"] == "qualifio" else verify_standard_webhooks
    out.append(check(base64.b64decode(c["body"]), c["headers"], c["secrets"], now=c["now"]))
print(json.dumps(out))
`;

const phpHarness = `<?php
require $argv[1];
$out = [];
foreach (json_decode(file_get_contents('php://stdin'), true) as $c) {
    $check = $c['scheme'] === 'qualifio' ? 'verify_qualifio' : 'verify_standard_webhooks';
    $out[] = $check(base64_decode($c['body']), $c['headers'], $c['secrets'], $c['now']);
}
echo json_encode($out);
`;

const goHarness = `package main

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"time"

	"harness/webhookverify"
)

type testCase struct {
	Scheme  string            \`json:"scheme"\`
	Body    string            \`json:"body"\`
	Headers map[string]string \`json:"headers"\`
	Secrets []string          \`json:"secrets"\`
	Now     int64             \`json:"now"\`
}

func main() {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := []bool{}
	for _, c := range cases {
		body, err := base64.StdEncoding.DecodeString(c.Body)
		if err != nil {
			panic(err)
		}
		header := http.Header{}
		for name, value := range c.Headers {
			header.Set(name, value)
		}
		now := time.Unix(c.Now, 0)
		if c.Scheme == "qualifio" {
			out = append(out, webhookverify.VerifyQualifio(body, header, c.Secrets, now))
		} else {
			out = append(out, webhookverify.VerifyStandardWebhooks(body, header, c.Secrets, now))
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
`;

describe("signature verification snippets (docs/examples)", () => {
  const all = cases();

  it("agrees with the official standardwebhooks library on a request signed now", () => {
    const r = signed("qualifio+standard", current, null, new Date());
    const official = (body: Buffer) => {
      try {
        new Webhook(current).verify(body.toString("utf8"), lower(r.headers));
        return true;
      } catch {
        return false;
      }
    };
    expect([official(r.body), verifyStandardWebhooks(r.body, r.headers, current)]).toEqual([true, true]);
    expect([official(tamper(r.body)), verifyStandardWebhooks(tamper(r.body), r.headers, current)]).toEqual([false, false]);
    expect(verifyQualifio(r.body, r.headers, current)).toBe(true);
  });

  it("Node (verify.mjs) gives the expected verdict for every case", () => {
    const got = all.map((c) =>
      (c.scheme === "qualifio" ? verifyQualifio : verifyStandardWebhooks)(c.body, c.headers, c.secrets, { now: c.now }),
    );
    expect(verdicts(all, got)).toEqual(expectedVerdicts(all));
  });

  it("Node (verify.mjs) reads a fetch Headers object too", () => {
    const c = all[0]!;
    expect(verifyQualifio(c.body, new Headers(c.headers), c.secrets, { now: c.now })).toBe(true);
  });

  it("Python (verify.py) gives the expected verdict for every case", () => {
    const got = run("python3", ["-c", pythonHarness, here], wire(all));
    expect(verdicts(all, got)).toEqual(expectedVerdicts(all));
  });

  it.skipIf(!installed("php"))("PHP (verify.php) gives the expected verdict for every case", () => {
    const harness = path.join(scratch, "harness.php");
    writeFileSync(harness, phpHarness);
    const got = run("php", [harness, path.join(here, "verify.php")], wire(all));
    expect(verdicts(all, got)).toEqual(expectedVerdicts(all));
  });

  it.skipIf(!installed("go"))("Go (verify.go) gives the expected verdict for every case", () => {
    const goModule = path.join(scratch, "go");
    mkdirSync(path.join(goModule, "webhookverify"), { recursive: true });
    writeFileSync(path.join(goModule, "go.mod"), "module harness\n\ngo 1.18\n");
    copyFileSync(path.join(here, "verify.go"), path.join(goModule, "webhookverify", "verify.go"));
    writeFileSync(path.join(goModule, "main.go"), goHarness);
    const got = run("go", ["run", "."], wire(all), { cwd: goModule, env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" } });
    expect(verdicts(all, got)).toEqual(expectedVerdicts(all));
  });
});

describe("docs/receiving-webhooks.md", () => {
  const doc = readFileSync(path.join(here, "..", "receiving-webhooks.md"), "utf8");
  const blocks = [...doc.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!.trimEnd());

  it.each(["verify.mjs", "verify.py", "verify.php", "verify.go"])("shows %s exactly as tested", (file) => {
    const source = readFileSync(path.join(here, file), "utf8").trimEnd();
    expect(blocks).toContain(source);
  });

  const payload = JSON.parse(/^```json\n([\s\S]*?)^```$/m.exec(doc)![1]!) as Array<Record<string, unknown>>;
  const httpBlock = /^```http\n([\s\S]*?)^```$/m.exec(doc)![1]!;
  const shown = Object.fromEntries(
    httpBlock
      .split("\n")
      .slice(1)
      .filter((line) => line.includes(": "))
      .map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)]),
  );

  it("shows the payload the hub builds from the Event catalog's example", () => {
    const [shownEvent] = payload;
    const input = exampleInput("points.earned");
    const program = shownEvent!.program as { id: string; name: string };
    const body = buildBody({
      id: shownEvent!.id as string,
      type: "points.earned",
      createdAt: new Date(shownEvent!.createdAt as string),
      test: false,
      program,
      member: input.member,
      data: input.data,
    });
    expect(payload).toEqual(JSON.parse(body));
  });

  it("shows the headers buildRequest sends for the example, signatures included (a test vector)", () => {
    const body = JSON.stringify(payload);
    const request = buildRequest({
      delivery: { id: shown["X-Qualifio-Delivery"]! },
      event: { ...(payload[0] as Omit<WebhookEvent, "createdAt">), createdAt: new Date(payload[0]!.createdAt as string) },
      connector: { notificationUrl: "https://receiver.example/hook", signatureScheme: "qualifio+standard" },
      secrets: {
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        previousSecret: null,
        authHeader: { name: "Authorization", value: "Bearer abc" },
        customHeaders: [{ name: "X-Tenant", value: "coffee" }],
      },
      now: new Date(Number(shown["X-Qualifio-Timestamp"]) * 1000),
    });
    expect(request.body).toBe(body);
    expect({ ...request.headers, "Content-Length": String(Buffer.byteLength(body)) }).toEqual(shown);
    expect(shown["X-Qualifio-Signature"]).toBe(qualifioSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body));
    expect(shown["webhook-signature"]).toBe(
      standardWebhooksSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", shown["webhook-id"]!, Number(shown["webhook-timestamp"]), body),
    );
  });

  it("lists every event type with its data fields", () => {
    for (const type of eventTypeIds) expect(doc).toContain(`| \`${type}\` |`);
  });
});

