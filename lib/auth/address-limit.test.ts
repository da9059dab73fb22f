import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/support/db";
import { clientAddress, reserveAddressAttempt } from "./address-limit";

const database = useTestDatabase();

const forwarded = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-for": value });

describe("clientAddress", () => {
  it("takes the entry the trusted proxies added, ignoring what the client put before it", () => {
    // No proxy: Next.js wrote the peer's address.
    expect(clientAddress(forwarded("203.0.113.9"), 0)).toBe("203.0.113.9");
    // One proxy appended the address it saw to a header the client forged.
    expect(clientAddress(forwarded("10.9.9.9, 1.2.3.4, 203.0.113.9"), 1)).toBe("203.0.113.9");
    // Two proxies: the outer one's entry is the client, the inner one's is the outer proxy.
    expect(clientAddress(forwarded("1.2.3.4, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
    expect(clientAddress(forwarded("203.0.113.9"), 3)).toBe("203.0.113.9");
    expect(clientAddress(forwarded(), 1)).toBe("unknown");
  });

  it("drops ports, unwraps IPv4-mapped addresses and counts IPv6 by /64", () => {
    expect(clientAddress(forwarded("203.0.113.9:51234"), 0)).toBe("203.0.113.9");
    expect(clientAddress(forwarded("::ffff:203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientAddress(forwarded("[2001:db8:1:2:aaaa::1]:443"), 0)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(forwarded("2001:db8:1:2:bbbb::7"), 0)).toBe("2001:db8:1:2::/64");
  });
});

describe("reserveAddressAttempt", () => {
  it("allows a burst of the limit, in parallel, then one attempt per 1/limit of a minute", async () => {
    const { db } = database();
    const now = new Date("2031-01-01T00:00:00Z");
    const burst = await Promise.all(Array.from({ length: 10 }, () => reserveAddressAttempt(db, "192.0.2.1", 7, now)));
    expect(burst.filter(Boolean)).toHaveLength(7);
    expect(await reserveAddressAttempt(db, "192.0.2.2", 7, now)).toBe(true);
    const step = 60_000 / 7;
    expect(await reserveAddressAttempt(db, "192.0.2.1", 7, new Date(now.getTime() + step - 5))).toBe(false);
    expect(await reserveAddressAttempt(db, "192.0.2.1", 7, new Date(now.getTime() + step + 1))).toBe(true);
    expect(await reserveAddressAttempt(db, "192.0.2.1", 7, new Date(now.getTime() + step + 1))).toBe(false);
  });
});
