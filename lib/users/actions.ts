"use server";

import { runAction } from "@/lib/actions";
import { changeUserRole, createUser, setUserActive } from "./service";

export async function createUserAction(input: unknown) {
  return runAction("users.write", (ctx) => createUser(ctx, input).then(() => undefined), {
    revalidate: ["/settings/users"],
    message: "User created.",
  });
}

export async function changeUserRoleAction(input: unknown) {
  return runAction("users.write", (ctx) => changeUserRole(ctx, input).then(() => undefined), {
    revalidate: ["/settings/users"],
    message: "Role changed.",
  });
}

export async function setUserActiveAction(input: unknown) {
  return runAction("users.write", (ctx) => setUserActive(ctx, input).then(() => undefined), {
    revalidate: ["/settings/users"],
  });
}
