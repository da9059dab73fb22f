import { serve } from "inngest/next";
import { NextResponse, type NextRequest } from "next/server";
import { env, type AppEnv } from "@/lib/env";
import { inngest } from "./client";
import { functions } from "./functions";

type Refusal = { status: number; code: string; message: string };

/**
 * Why this process must not serve the Inngest functions, or null when it may. Serving them next to
 * the local driver would run two engines on one database; serving them with neither the dev server
 * nor a signing key would accept unsigned calls, or fail on each one.
 */
export function servingRefusal(e: Pick<AppEnv, "delivery" | "inngest">): Refusal | null {
  if (e.delivery.engine !== "inngest") {
    return {
      status: 404,
      code: "inngest_disabled",
      message: "Deliveries run on the local driver. Set DELIVERY_ENGINE=inngest to serve the Inngest functions here.",
    };
  }
  if (!e.inngest.dev && !e.inngest.signingKey) {
    return {
      status: 503,
      code: "inngest_not_configured",
      message:
        "DELIVERY_ENGINE=inngest needs INNGEST_DEV=1 (with `npx inngest-cli@latest dev`) or INNGEST_SIGNING_KEY " +
        "(self-hosted `inngest start` or Inngest Cloud).",
    };
  }
  return null;
}

// Built on the first request: `next build` loads this module without any Inngest configuration.
let handler: ReturnType<typeof serve> | undefined;

/** The route handler for one HTTP method of /api/inngest. */
export function inngestRoute(method: "GET" | "POST" | "PUT") {
  return async (request: NextRequest, context: unknown): Promise<Response> => {
    const refusal = servingRefusal(env());
    if (refusal) return NextResponse.json({ error: { code: refusal.code, message: refusal.message } }, { status: refusal.status });
    handler ??= serve({ client: inngest, functions });
    return handler[method](request, context);
  };
}
