import { handleIngest } from "@/lib/events/http";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleIngest(request);
}
