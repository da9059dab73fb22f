import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { offerPlainIngest, serveIngest } from "@/lib/events/http";
import { listenHost, plainHandler } from "./server.mjs";

const request = (method: string, url: string) => ({ method, url }) as IncomingMessage;

describe("npm start's server", () => {
  it("sends POST /api/v1/events to the app's plain handler once the app has offered it, everything else to Next", () => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("integrations-hub.plain-ingest")];
    expect(plainHandler(request("POST", "/api/v1/events"))).toBeUndefined();

    offerPlainIngest();
    expect(plainHandler(request("POST", "/api/v1/events"))).toBe(serveIngest);
    expect(plainHandler(request("POST", "/api/v1/events?source=crm"))).toBe(serveIngest);
    expect(plainHandler(request("GET", "/api/v1/events"))).toBeUndefined();
    expect(plainHandler(request("POST", "/api/v1/events/other"))).toBeUndefined();
    expect(plainHandler(request("POST", "/api/v1/eventsx"))).toBeUndefined();
    expect(plainHandler(request("POST", "/api/connectors"))).toBeUndefined();
  });

  it("listens on the loopback interface only outside production, unless HOST or -H says otherwise", () => {
    expect(listenHost(undefined, {}).host).toBe("127.0.0.1");
    expect(listenHost(undefined, { APP_ENV: "development", NODE_ENV: "production" }).host).toBe("127.0.0.1");
    expect(listenHost(undefined, { NODE_ENV: "production" }).host).toBeUndefined();
    expect(listenHost(undefined, { APP_ENV: "production" }).host).toBeUndefined();
    expect(listenHost("0.0.0.0", {}).host).toBe("0.0.0.0");
    expect(listenHost(undefined, {}).reason).toMatch(/HOST=0\.0\.0\.0/);
  });
});
