// `npm run demo:traffic -- --key ihk_… [--url http://localhost:3000] [--rate 2] [--count 100]`
// Plays a small loyalty program against a running hub's ingest API: members join, earn and burn
// points, level up and down, get rewards and link identifiers. Each member keeps a consistent
// balance and level, so the event logs read like a real program.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

const LEVELS = ["Bronze", "Silver", "Gold", "Platinum"] as const;
const THRESHOLDS = [0, 500, 1500, 4000];
const FIRST = ["Lena", "Omar", "Ines", "Theo", "Maya", "Jonas", "Aiko", "Luca", "Sara", "Noah"];
const LAST = ["Hart", "Haddad", "Costa", "Meyer", "Okafor", "Lind", "Sato", "Bianchi", "Nowak", "Dupont"];
const ACTIONS = ["In-store purchase", "Online order", "Product review", "Newsletter signup", "Birthday bonus"];
const REWARDS = ["Free flat white", "10% voucher", "Tote bag", "Cinema ticket", "Free delivery"];

type Member = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  level: (typeof LEVELS)[number];
  pointsBalance: number;
  identifiers: { type: string; value: string }[];
};

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

function levelFor(balance: number) {
  let level: Member["level"] = LEVELS[0];
  THRESHOLDS.forEach((t, i) => {
    if (balance >= t) level = LEVELS[i]!;
  });
  return level;
}

function newMember(): Member {
  const firstName = pick(FIRST);
  const lastName = pick(LAST);
  const id = `mbr_${randomBytes(4).toString("hex")}`;
  return {
    id,
    email: `${firstName}.${lastName}.${id.slice(-4)}@example.com`.toLowerCase(),
    firstName,
    lastName,
    birthDate: `19${between(60, 99)}-${String(between(1, 12)).padStart(2, "0")}-${String(between(1, 28)).padStart(2, "0")}`,
    level: "Bronze",
    pointsBalance: 0,
    identifiers: [],
  };
}

/** The next thing that happens in the program, with the member's state moved on. */
function nextEvent(members: Member[]): { type: string; member: Member; data: Record<string, unknown>; extra?: object } {
  if (members.length < 3 || Math.random() < 0.15) {
    const member = newMember();
    members.push(member);
    return { type: "profile.created", member, data: { channel: pick(["web", "mobile_app", "pos", "social"] as const) } };
  }
  const member = pick(members);
  const before = member.level;
  const roll = Math.random();
  let event: { type: string; data: Record<string, unknown> };
  if (roll < 0.45) {
    const points = between(20, 400);
    member.pointsBalance += points;
    event = { type: "points.earned", data: { points, balance: member.pointsBalance, action: { name: pick(ACTIONS) } } };
  } else if (roll < 0.6 && member.pointsBalance >= 200) {
    const points = between(100, Math.min(800, member.pointsBalance));
    member.pointsBalance -= points;
    event = { type: "points.burned", data: { points, balance: member.pointsBalance, reward: { name: pick(REWARDS) } } };
  } else if (roll < 0.7) {
    const points = between(10, 150);
    const credit = Math.random() < 0.7 || member.pointsBalance < points;
    member.pointsBalance += credit ? points : -points;
    event = {
      type: credit ? "points.credited" : "points.debited",
      data: { points, balance: member.pointsBalance, comment: credit ? "Goodwill gesture" : "Order cancelled", adjustedBy: "support@example.com" },
    };
  } else if (roll < 0.85) {
    event = { type: "reward.offered", data: { reward: { name: pick(REWARDS) }, offeredBy: "Win-back campaign" } };
  } else {
    const identifier = { type: pick(["facebook", "card", "phone"]), value: String(between(1e9, 9e9)) };
    member.identifiers.push(identifier);
    event = { type: "identifier.added", data: identifier };
  }
  member.level = levelFor(member.pointsBalance);
  if (member.level !== before && event.type.startsWith("points.")) {
    // The level change is its own event, right after the points that caused it.
    return { ...event, member, extra: { previousLevel: before, newLevel: member.level } };
  }
  return { ...event, member };
}

async function main() {
  const { values } = parseArgs({
    options: {
      key: { type: "string", default: process.env.HUB_API_KEY },
      url: { type: "string", default: process.env.HUB_URL ?? "http://localhost:3000" },
      rate: { type: "string", default: "2" },
      count: { type: "string", default: "60" },
    },
  });
  if (!values.key) {
    console.error("Create an API key in Settings → Programs, then: npm run demo:traffic -- --key ihk_…");
    process.exit(1);
  }
  const rate = Math.max(0.1, Number(values.rate));
  const count = Math.max(1, Number(values.count));
  const endpoint = new URL("/api/v1/events", values.url).toString();
  const members: Member[] = [];
  let sent = 0;
  let failed = 0;

  async function post(body: object) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${values.key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status === 202) sent++;
    else {
      failed++;
      const text = await response.text();
      if (response.status === 401) throw new Error(`the hub refused the API key: ${text}`);
      process.stdout.write(`\n${response.status} ${text}\n`);
    }
  }

  for (let i = 0; i < count; i++) {
    const started = Date.now();
    const next = nextEvent(members);
    await post({ type: next.type, member: next.member, data: next.data });
    if (next.extra) {
      const direction = LEVELS.indexOf(next.member.level) > LEVELS.indexOf((next.extra as { previousLevel: Member["level"] }).previousLevel) ? "up" : "down";
      await post({ type: "level.changed", member: next.member, data: { ...next.extra, direction } });
    }
    process.stdout.write(`\r[demo] ${sent} events sent, ${failed} refused, ${members.length} members · last: ${next.type.padEnd(18)}`);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 / rate - (Date.now() - started))));
  }
  process.stdout.write(`\n[demo] done: ${sent} events accepted by ${endpoint}\n`);
}

main().catch((error: unknown) => {
  console.error(`\n[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
