"use server";

import { runAction } from "@/lib/actions";
import { dispatchEvents } from "@/lib/delivery/engine/picker";
import { sendTestEvent } from "./service";

export async function sendTestEventAction(input: unknown) {
  return runAction("test-events.send", (ctx) => sendTestEvent(ctx, input, dispatchEvents), {
    message: "Test event sent.",
  });
}
