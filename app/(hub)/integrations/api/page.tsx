import type { Metadata } from "next";
import { headers } from "next/headers";
import { ApiReference } from "@/components/api/api-reference";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { OPENAPI_PATH } from "@/lib/events/openapi";

const title = "API";

export const metadata: Metadata = { title };

/** The origin this request came to, as far as the server can tell; the browser corrects it. */
async function requestOrigin() {
  const h = await headers();
  const host = (h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000").split(",")[0]!.trim();
  const proto = (h.get("x-forwarded-proto") ?? "http").split(",")[0]!.trim();
  return `${proto}://${host}`;
}

// The same reference material as the event catalog, so whoever may read one may read the other.
export default async function ApiPage() {
  await requirePermission("event-catalog.read");
  return (
    <>
      <PageHeader
        title={title}
        description="Your program backend sends member events to the hub over HTTP; the hub delivers them to your connectors."
        actions={
          <Button asChild variant="outline" size="sm">
            <a href={OPENAPI_PATH}>OpenAPI document (openapi.json)</a>
          </Button>
        }
      />
      <ApiReference serverOrigin={await requestOrigin()} />
    </>
  );
}
