"use server";

import { runAction } from "@/lib/actions";
import { markAlertsRead, updateAlertSettings } from "./service";

export async function updateAlertSettingsAction(input: unknown) {
  return runAction("connectors.write", (ctx) => updateAlertSettings(ctx, input), {
    revalidate: [(result) => `/integrations/connectors/${result.id}`],
    message: "Alerts saved.",
  });
}

export async function markAlertsReadAction() {
  return runAction("connectors.read", (ctx) => markAlertsRead(ctx));
}
