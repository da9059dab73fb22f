"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { markAlertsRead, updateAlertSettings } from "./service";

export async function updateAlertSettingsAction(input: unknown) {
  return runAction(
    "connectors.write",
    async (ctx) => {
      const result = await updateAlertSettings(ctx, input);
      revalidatePath(`/integrations/connectors/${result.id}`);
      return result;
    },
    { message: "Alerts saved." },
  );
}

export async function markAlertsReadAction() {
  return runAction("connectors.read", (ctx) => markAlertsRead(ctx));
}
