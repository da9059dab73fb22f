import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { cursorSchema, decodeCursor, encodeCursor, escapeLike } from "./keyset";

const cursor = { at: "2025-06-10T11:00:00.000001Z", id: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" };

describe("keyset cursors", () => {
  it("round-trip through an opaque, URL-safe string", () => {
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
    expect(cursorSchema.parse(encoded)).toEqual(cursor);
  });

  it("refuse anything they did not make, naming the parameter", () => {
    const forged = [
      "",
      "not a cursor",
      Buffer.from("nope").toString("base64url"),
      // Milliseconds only: a rounded timestamp would skip or repeat rows that tie.
      encodeCursor({ at: "2025-06-10T11:00:00.000Z", id: cursor.id }),
      encodeCursor({ at: cursor.at, id: "x'); drop table deliveries; --" }),
      encodeCursor({ at: cursor.at, id: cursor.id.toUpperCase() }),
      Buffer.from(`${cursor.at}|${cursor.id}|${cursor.id}`).toString("base64url"),
      Buffer.from(`${cursor.at}_${cursor.id}`).toString("base64url"),
    ];
    for (const value of forged) {
      expect(cursorSchema.safeParse(value).success, value).toBe(false);
      expect(() => decodeCursor(value, "before"), value).toThrow(ValidationError);
    }
    const refusal = (() => {
      try {
        decodeCursor("nope", "through");
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toMatchObject({ code: "validation", message: "Invalid page cursor.", fieldErrors: { through: ["Not a page cursor from this list."] } });
  });
});

describe("escapeLike", () => {
  it("makes LIKE's wildcards and its escape character literal", () => {
    expect(escapeLike("50%_off\\now")).toBe("50\\%\\_off\\\\now");
    expect(escapeLike("alice.smith@example.com")).toBe("alice.smith@example.com");
    expect(escapeLike("")).toBe("");
  });
});
