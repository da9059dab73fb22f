import { openApiDocument } from "@/lib/events/openapi";

/** Public like any API description: it names shapes and statuses, never a key or a program. */
export function GET() {
  return Response.json(openApiDocument(), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
