import { inngestRoute } from "@/inngest/serve";

export const dynamic = "force-dynamic";

// Inngest syncs with PUT, inspects with GET and runs functions with POST.
export const GET = inngestRoute("GET");
export const POST = inngestRoute("POST");
export const PUT = inngestRoute("PUT");
