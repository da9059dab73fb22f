"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import {
  createConnector,
  deleteConnector,
  revealSecret,
  rotateSecret,
  setActive,
  updateGeneral,
  updateGlobalVariables,
} from "./service";

const LIST = "/integrations/connectors";

/** Refreshes the connector's own page too; its path is only known once the verb has succeeded. */
function refreshPage<T extends { id: string }>(result: T) {
  revalidatePath(`${LIST}/${result.id}`);
  return result;
}

export async function createConnectorAction(input: unknown) {
  return runAction("connectors.write", (ctx) => createConnector(ctx, input), { revalidate: [LIST] });
}

export async function updateGeneralAction(input: unknown) {
  return runAction("connectors.write", async (ctx) => refreshPage(await updateGeneral(ctx, input)), {
    revalidate: [LIST],
    message: "General settings saved.",
  });
}

export async function updateGlobalVariablesAction(input: unknown) {
  return runAction("connectors.write", async (ctx) => refreshPage(await updateGlobalVariables(ctx, input)), {
    revalidate: [LIST],
    message: "Global variables saved.",
  });
}

export async function setActiveAction(input: unknown) {
  return runAction("connectors.write", async (ctx) => refreshPage(await setActive(ctx, input)), {
    revalidate: [LIST],
  });
}

export async function rotateSecretAction(input: unknown) {
  return runAction("connectors.secrets", async (ctx) => refreshPage(await rotateSecret(ctx, input)));
}

export async function revealSecretAction(input: unknown) {
  return runAction("connectors.secrets", (ctx) => revealSecret(ctx, input));
}

export async function deleteConnectorAction(input: unknown) {
  return runAction("connectors.write", async (ctx) => (await deleteConnector(ctx, input)).id, {
    revalidate: [LIST],
    message: "Connector deleted.",
  });
}
