import { z } from "zod";
import type { EventType } from "./types";

/*
 * The event catalog: one entry per member event, with the zod schemas that validate it at ingest,
 * the JSON Schema shown on the Event catalog page, and a realistic example body.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 1990-04-21.").describe("A date: YYYY-MM-DD.");
const points = z.number().int("Use a whole number.").positive("Must be more than 0.");
const balance = z.number().int("Use a whole number.");
const shortText = (max = 200) => z.string().trim().min(1, "Must not be empty.").max(max, `Use at most ${max} characters.`);

export const identifierSchema = z.object({
  type: shortText(50).describe("Where the identifier comes from, e.g. facebook, card, phone."),
  value: shortText(500),
});

export const memberSchema = z
  .object({
    id: shortText(200).describe("The member's id in the loyalty program."),
    email: z.email("Enter a valid email address.").max(254).optional(),
    firstName: z.string().max(100).optional(),
    lastName: z.string().max(100).optional(),
    birthDate: isoDate.optional(),
    level: z.string().max(100).optional(),
    pointsBalance: balance.optional(),
    identifiers: z.array(identifierSchema).max(50).default([]),
  })
  .strict();
export type Member = z.output<typeof memberSchema>;

const adjustment = z
  .object({
    points,
    balance,
    comment: z.string().max(500).optional(),
    adjustedBy: shortText(200).describe("Who made the adjustment (an admin's name or email)."),
  })
  .strict();

const dataSchemas = {
  "profile.created": z
    .object({
      channel: z.enum(["web", "mobile_app", "pos", "import", "api", "social"]).describe("How the member joined."),
      referralCode: z.string().max(100).optional(),
    })
    .strict(),
  "level.changed": z
    .object({ previousLevel: shortText(100), newLevel: shortText(100), direction: z.enum(["up", "down"]) })
    .strict(),
  "points.earned": z
    .object({
      points,
      balance,
      action: z.object({ id: z.string().max(200).optional(), name: shortText() }).strict().describe("What earned the points."),
    })
    .strict(),
  "points.burned": z
    .object({
      points,
      balance,
      reward: z.object({ id: z.string().max(200).optional(), name: shortText() }).strict().describe("The reward claimed."),
    })
    .strict(),
  "points.credited": adjustment,
  "points.debited": adjustment,
  "reward.offered": z
    .object({
      reward: z
        .object({ id: z.string().max(200).optional(), name: shortText(), expiresAt: z.iso.datetime({ offset: true }).optional() })
        .strict(),
      offeredBy: shortText(200).describe("Who offered it: an admin, a campaign or an automation."),
    })
    .strict(),
  "identifier.added": identifierSchema.strict(),
} satisfies Record<EventType, z.ZodType>;

const exampleMember: Member = {
  id: "mbr_20931",
  email: "lena.hart@example.com",
  firstName: "Lena",
  lastName: "Hart",
  birthDate: "1991-06-14",
  level: "Gold",
  pointsBalance: 1840,
  identifiers: [{ type: "card", value: "6301 2231 0042" }],
};

type CatalogEntry = {
  description: string;
  data: z.ZodType;
  example: Record<string, unknown>;
};

const entries: Record<EventType, CatalogEntry> = {
  "profile.created": {
    description: "A member joined the program.",
    data: dataSchemas["profile.created"],
    example: { channel: "mobile_app", referralCode: "FRIEND-2291" },
  },
  "level.changed": {
    description: "A member moved up or down a loyalty level.",
    data: dataSchemas["level.changed"],
    example: { previousLevel: "Silver", newLevel: "Gold", direction: "up" },
  },
  "points.earned": {
    description: "A member earned points for an action.",
    data: dataSchemas["points.earned"],
    example: { points: 120, balance: 1840, action: { id: "act_purchase", name: "In-store purchase" } },
  },
  "points.burned": {
    description: "A member spent points on a reward.",
    data: dataSchemas["points.burned"],
    example: { points: 500, balance: 1340, reward: { id: "rwd_coffee", name: "Free flat white" } },
  },
  "points.credited": {
    description: "An admin added points by hand.",
    data: dataSchemas["points.credited"],
    example: { points: 200, balance: 2040, comment: "Sorry for the late delivery", adjustedBy: "support@example.com" },
  },
  "points.debited": {
    description: "An admin removed points by hand.",
    data: dataSchemas["points.debited"],
    example: { points: 50, balance: 1790, comment: "Duplicate purchase reversed", adjustedBy: "support@example.com" },
  },
  "reward.offered": {
    description: "A member was offered a reward.",
    data: dataSchemas["reward.offered"],
    example: {
      reward: { id: "rwd_bday", name: "Birthday cake", expiresAt: "2026-12-31T23:59:59Z" },
      offeredBy: "Birthday automation",
    },
  },
  "identifier.added": {
    description: "A member linked a new identifier (social account, card, phone).",
    data: dataSchemas["identifier.added"],
    example: { type: "facebook", value: "10215544332211" },
  },
};

export function catalogEntry(type: EventType) {
  return entries[type];
}

export function dataSchemaFor(type: EventType): z.ZodType {
  return entries[type].data;
}

/** An example `member` + `data` for a type, as the ingest API and "Send test event" accept it. */
export function exampleInput(type: EventType) {
  return { type, member: exampleMember, data: entries[type].example };
}

export function jsonSchemaFor(type: EventType) {
  return {
    member: z.toJSONSchema(memberSchema, { io: "input" }),
    data: z.toJSONSchema(entries[type].data, { io: "input" }),
  };
}
