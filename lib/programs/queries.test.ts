import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/support/db";
import { makeProgram } from "@/test/support/factories";
import { getProgram } from "./queries";

const database = useTestDatabase();
const db = () => database().db;

describe("getProgram", () => {
  it("finds a program by id", async () => {
    const program = await makeProgram(db());
    expect(await getProgram(db(), program.id)).toEqual(program);
    expect(await getProgram(db(), program.id.toUpperCase())).toEqual(program);
  });

  it("answers null for an unknown id, and for a malformed one without asking the database", async () => {
    expect(await getProgram(db(), randomUUID())).toBeNull();
    // Postgres would refuse `where id = 'not-a-uuid'` with an error: the URL's id never reaches it.
    expect(await getProgram(db(), "not-a-uuid")).toBeNull();
    expect(await getProgram(db(), "")).toBeNull();
  });
});
