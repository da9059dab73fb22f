import { randomBytes } from "node:crypto";

/*
 * A small loyalty program in motion, for `npm run demo:traffic`: members join, earn and burn
 * points, level up and down, get rewards and link identifiers. Each member keeps a consistent
 * balance and level, so the event logs read like a real program.
 */

const LEVELS = ["Bronze", "Silver", "Gold", "Platinum"] as const;
const THRESHOLDS = [0, 500, 1500, 4000];
const FIRST = ["Lena", "Omar", "Ines", "Theo", "Maya", "Jonas", "Aiko", "Luca", "Sara", "Noah"];
const LAST = ["Hart", "Haddad", "Costa", "Meyer", "Okafor", "Lind", "Sato", "Bianchi", "Nowak", "Dupont"];
const ACTIONS = ["In-store purchase", "Online order", "Product review", "Newsletter signup", "Birthday bonus"];
const REWARDS = ["Free flat white", "10% voucher", "Tote bag", "Cinema ticket", "Free delivery"];

type Level = (typeof LEVELS)[number];

export type DemoMember = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  level: Level;
  pointsBalance: number;
  identifiers: { type: string; value: string }[];
};

/** One ingest request body: `{ type, member, data }`. */
export type DemoEvent = { type: string; member: DemoMember; data: Record<string, unknown> };

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

function levelFor(balance: number): Level {
  let level: Level = LEVELS[0];
  THRESHOLDS.forEach((threshold, i) => {
    if (balance >= threshold) level = LEVELS[i]!;
  });
  return level;
}

function newMember(): DemoMember {
  const firstName = pick(FIRST);
  const lastName = pick(LAST);
  const id = `mbr_${randomBytes(4).toString("hex")}`;
  return {
    id,
    email: `${firstName}.${lastName}.${id.slice(-4)}@example.com`.toLowerCase(),
    firstName,
    lastName,
    birthDate: `19${between(60, 99)}-${String(between(1, 12)).padStart(2, "0")}-${String(between(1, 28)).padStart(2, "0")}`,
    level: LEVELS[0],
    pointsBalance: 0,
    identifiers: [],
  };
}

/** Moves a member's points and returns the event for it. */
function pointsEvent(member: DemoMember): { type: string; data: Record<string, unknown> } {
  const roll = Math.random();
  if (roll < 0.6 || member.pointsBalance < 200) {
    const points = between(20, 400);
    member.pointsBalance += points;
    return { type: "points.earned", data: { points, balance: member.pointsBalance, action: { name: pick(ACTIONS) } } };
  }
  if (roll < 0.8) {
    const points = between(100, Math.min(800, member.pointsBalance));
    member.pointsBalance -= points;
    return { type: "points.burned", data: { points, balance: member.pointsBalance, reward: { name: pick(REWARDS) } } };
  }
  const points = between(10, 150);
  const credit = Math.random() < 0.7;
  member.pointsBalance += credit ? points : -points;
  return {
    type: credit ? "points.credited" : "points.debited",
    data: { points, balance: member.pointsBalance, comment: credit ? "Goodwill gesture" : "Order cancelled", adjustedBy: "support@example.com" },
  };
}

/**
 * What happens next in the program: one event, or two when points moved a member to another
 * level (the level change follows the points that caused it). Mutates `members`.
 */
export function nextEvents(members: DemoMember[]): DemoEvent[] {
  if (members.length < 3 || Math.random() < 0.15) {
    const member = newMember();
    members.push(member);
    return [{ type: "profile.created", member: { ...member }, data: { channel: pick(["web", "mobile_app", "pos", "social"]) } }];
  }
  const member = pick(members);
  const roll = Math.random();
  if (roll < 0.7) {
    const before = member.level;
    const event = pointsEvent(member);
    member.level = levelFor(member.pointsBalance);
    const out: DemoEvent[] = [{ ...event, member: { ...member } }];
    if (member.level !== before) {
      const direction = LEVELS.indexOf(member.level) > LEVELS.indexOf(before) ? "up" : "down";
      out.push({ type: "level.changed", member: { ...member }, data: { previousLevel: before, newLevel: member.level, direction } });
    }
    return out;
  }
  if (roll < 0.85) {
    return [{ type: "reward.offered", member: { ...member }, data: { reward: { name: pick(REWARDS) }, offeredBy: "Win-back campaign" } }];
  }
  const identifier = { type: pick(["facebook", "card", "phone"]), value: String(between(1e9, 9e9)) };
  member.identifiers.push(identifier);
  return [{ type: "identifier.added", member: { ...member }, data: identifier }];
}
