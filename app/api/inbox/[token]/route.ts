import { handleCapture, handleOtherMethod } from "@/lib/test-inbox/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

export async function POST(request: Request, { params }: Context) {
  return handleCapture(request, (await params).token);
}

export const GET = handleOtherMethod;
export const PUT = handleOtherMethod;
export const PATCH = handleOtherMethod;
export const DELETE = handleOtherMethod;
