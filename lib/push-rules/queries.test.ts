import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeProgram, makePushRule } from "@/test/support/factories";
import { hasAnyPushRule } from "./queries";

// A database of its own: "any rule at all" depends on every row in the table.
const database = useTestDatabase();
const db = () => database().db;

describe("hasAnyPushRule", () => {
  it("is false until some program pushes an event type to a connector", async () => {
    const program = await makeProgram(db());
    const connector = await makeConnector(db());
    expect(await hasAnyPushRule(db())).toBe(false);
    await makePushRule(db(), program.id, "points.earned", connector.id);
    expect(await hasAnyPushRule(db())).toBe(true);
  });
});
