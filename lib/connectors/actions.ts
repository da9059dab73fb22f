"use server";

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
const page = (connector: { id: string }) => `${LIST}/${connector.id}`;

export async function createConnectorAction(input: unknown) {
  return runAction("connectors.write", (ctx) => createConnector(ctx, input), { revalidate: [LIST] });
}

export async function updateGeneralAction(input: unknown) {
  return runAction("connectors.write", (ctx) => updateGeneral(ctx, input), {
    revalidate: [LIST, page],
    message: "General settings saved.",
  });
}

export async function updateGlobalVariablesAction(input: unknown) {
  return runAction("connectors.write", (ctx) => updateGlobalVariables(ctx, input), {
    revalidate: [LIST, page],
    message: "Global variables saved.",
  });
}

export async function setActiveAction(input: unknown) {
  return runAction("connectors.write", (ctx) => setActive(ctx, input), { revalidate: [LIST, page] });
}

export async function rotateSecretAction(input: unknown) {
  return runAction("connectors.secrets", (ctx) => rotateSecret(ctx, input), { revalidate: [page] });
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
