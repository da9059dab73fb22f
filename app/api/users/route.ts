import { sessionRoute } from "@/lib/api";
import { listUsers } from "@/lib/users/queries";

export const GET = sessionRoute("users.read", async (ctx) => ({ users: await listUsers(ctx.db) }));
