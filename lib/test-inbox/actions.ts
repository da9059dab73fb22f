"use server";

import { runAction } from "@/lib/actions";
import { clearInbox, createInbox, setResponseMode } from "./service";

const INBOX = "/testing/inbox";

export async function createInboxAction(input: unknown) {
  return runAction("connectors.write", (ctx) => createInbox(ctx, input), { revalidate: [INBOX] });
}

export async function setResponseModeAction(input: unknown) {
  return runAction("connectors.write", (ctx) => setResponseMode(ctx, input), { revalidate: [INBOX], message: "Response saved." });
}

export async function clearInboxAction(input: unknown) {
  return runAction("connectors.write", (ctx) => clearInbox(ctx, input), { revalidate: [INBOX], message: "Inbox cleared." });
}
