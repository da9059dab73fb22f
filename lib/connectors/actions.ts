"use server";

import { runAction } from "@/lib/actions";
import * as service from "./service";

const LIST = "/integrations/connectors";
const page = (connector: { id: string }) => `${LIST}/${connector.id}`;

export async function createConnectorAction(input: unknown) {
  return runAction("connectors.write", (ctx) => service.createConnector(ctx, input), { revalidate: [LIST] });
}

export async function updateGeneralAction(input: unknown) {
  return runAction("connectors.write", (ctx) => service.updateGeneral(ctx, input), {
    revalidate: [LIST, page],
    message: "General settings saved.",
  });
}

export async function updateGlobalVariablesAction(input: unknown) {
  return runAction("connectors.write", (ctx) => service.updateGlobalVariables(ctx, input), {
    revalidate: [LIST, page],
    message: "Global variables saved.",
  });
}

export async function setActiveAction(input: unknown) {
  return runAction("connectors.write", (ctx) => service.setActive(ctx, input), { revalidate: [LIST, page] });
}

export async function rotateSecretAction(input: unknown) {
  return runAction("connectors.secrets", (ctx) => service.rotateSecret(ctx, input), { revalidate: [page] });
}

export async function revealSecretAction(input: unknown) {
  return runAction("connectors.secrets", (ctx) => service.revealSecret(ctx, input));
}

export async function deleteConnectorAction(input: unknown) {
  return runAction("connectors.write", async (ctx) => (await service.deleteConnector(ctx, input)).id, {
    revalidate: [LIST],
    message: "Connector deleted.",
  });
}
