import { promises as dns } from "node:dns";
import net from "node:net";

/*
 * Outbound safety. A notification URL is user input: without these checks an admin (or anyone who
 * can edit a connector) could make the hub POST to its own database, a cloud metadata endpoint or a
 * service on the private network, and read the answer in the event log.
 */

export type BlockReason =
  | "loopback"
  | "private"
  | "link-local"
  | "cgnat"
  | "multicast"
  | "metadata"
  | "unspecified"
  | "reserved"
  | "broadcast";
export type AddressClass = "public" | BlockReason;

type Range<T> = [prefix: T, bits: number, reason: BlockReason];

// Most specific first: the metadata hosts sit inside link-local, CGNAT and ULA ranges.
const ipv4Ranges: Range<string>[] = [
  ["169.254.169.254", 32, "metadata"], // AWS, GCP, Azure, OpenStack…
  ["169.254.170.2", 32, "metadata"], // AWS ECS task metadata
  ["100.100.100.200", 32, "metadata"], // Alibaba Cloud
  ["255.255.255.255", 32, "broadcast"],
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["172.16.0.0", 12, "private"],
  ["192.168.0.0", 16, "private"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["100.64.0.0", 10, "cgnat"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "reserved"], // documentation
  ["198.51.100.0", 24, "reserved"],
  ["203.0.113.0", 24, "reserved"],
  ["192.88.99.0", 24, "reserved"], // old 6to4 relays
  ["198.18.0.0", 15, "reserved"], // benchmarking
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

const ipv6Ranges: Range<string>[] = [
  ["fd00:ec2::254", 128, "metadata"], // AWS IMDS over IPv6
  ["fc00::", 7, "private"], // unique local
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "private"], // deprecated site-local
  ["ff00::", 8, "multicast"],
  ["64:ff9b:1::", 48, "private"], // local-use NAT64
  ["100::", 64, "reserved"], // discard-only
  ["2001::", 32, "reserved"], // Teredo: tunnels to an obfuscated IPv4
  ["2001:10::", 28, "reserved"], // ORCHID
  ["2001:20::", 28, "reserved"], // ORCHIDv2
  ["2001:db8::", 32, "reserved"], // documentation
  ["3fff::", 20, "reserved"], // documentation
];

function parseIPv4(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** 128-bit value of a valid IPv6 address (zone id dropped, dotted IPv4 tail allowed). */
export function parseIPv6(ip: string): bigint {
  let text = ip.split("%")[0]!;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIPv4(tail);
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = rest ? rest.split(":") : [];
  const zeros: string[] = Array(8 - headGroups.length - tailGroups.length).fill("0");
  const groups = rest === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

const v4Table = ipv4Ranges.map(([prefix, bits, reason]) => ({ prefix: BigInt(parseIPv4(prefix)), bits, reason }));
const v6Table = ipv6Ranges.map(([prefix, bits, reason]) => ({ prefix: parseIPv6(prefix), bits, reason }));

function inRange(value: bigint, prefix: bigint, bits: number, width: number): boolean {
  const shift = BigInt(width - bits);
  return value >> shift === prefix >> shift;
}

function classifyV4(value: bigint): AddressClass {
  return v4Table.find((r) => inRange(value, r.prefix, r.bits, 32))?.reason ?? "public";
}

const MAPPED_PREFIX = parseIPv6("::ffff:0:0");
const NAT64_PREFIX = parseIPv6("64:ff9b::");
const SIX_TO_FOUR_PREFIX = parseIPv6("2002::");
const GLOBAL_UNICAST = parseIPv6("2000::");
const LOW_32 = 0xffffffffn;

function classifyV6(value: bigint): AddressClass {
  if (value === 0n) return "unspecified";
  if (value === 1n) return "loopback";
  // Addresses that carry an IPv4 address reach that address: judge the IPv4 one.
  if (inRange(value, MAPPED_PREFIX, 96, 128) || inRange(value, NAT64_PREFIX, 96, 128)) return classifyV4(value & LOW_32);
  if (inRange(value, SIX_TO_FOUR_PREFIX, 16, 128)) return classifyV4((value >> 80n) & LOW_32);
  const listed = v6Table.find((r) => inRange(value, r.prefix, r.bits, 128))?.reason;
  if (listed) return listed;
  // Only 2000::/3 is handed out as global unicast; everything else is special-purpose.
  return inRange(value, GLOBAL_UNICAST, 3, 128) ? "public" : "reserved";
}

/** "public", or why an IP address must not be a delivery target. Throws on a non-IP string. */
export function classifyAddress(ip: string): AddressClass {
  const family = net.isIP(ip);
  if (family === 4) return classifyV4(BigInt(parseIPv4(ip)));
  if (family === 6) return classifyV6(parseIPv6(ip));
  throw new TypeError(`Not an IP address: ${ip}`);
}

export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** Every address the system resolver returns, in its order (A and AAAA). */
export const systemLookup: LookupAll = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export type Target = {
  url: URL;
  /** The name for Host and TLS SNI (brackets removed from an IPv6 literal). */
  hostname: string;
  port: number;
};

export type ResolvedTarget = Target & {
  /** The checked address to connect to (the resolver's first). */
  address: string;
  family: 4 | 6;
  /** Every address the name resolved to, all checked: a connection may fall back among them. */
  addresses: { address: string; family: 4 | 6 }[];
};

/** Starts every BlockedTargetError message: a delivery's last error keeps the message, not the code. */
export const BLOCKED_TARGET_PREFIX = "Blocked target:";

export function isBlockedTargetMessage(message: string): boolean {
  return message.startsWith(BLOCKED_TARGET_PREFIX);
}

/** A target the hub refuses to contact; no connection was made. */
export class BlockedTargetError extends Error {
  override name = "BlockedTargetError";
  readonly code = "blocked";
  constructor(
    message: string,
    readonly reason: BlockReason | "url" | null = null,
  ) {
    super(message);
  }
}

/** The URL's host and port, refusing anything that is not an http(s) URL. */
export function parseTarget(url: string | URL): Target {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BlockedTargetError(`${BLOCKED_TARGET_PREFIX} "${String(url)}" is not a valid URL.`, "url");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new BlockedTargetError(`${BLOCKED_TARGET_PREFIX} only http and https URLs can receive webhooks (got ${parsed.protocol}).`, "url");
  }
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === "https:" ? 443 : 80;
  return { url: parsed, hostname, port };
}

function blockedMessage(hostname: string, address: string, reason: BlockReason): string {
  const resolved = hostname === address ? address : `${hostname} resolves to ${address}`;
  return (
    `${BLOCKED_TARGET_PREFIX} ${resolved}, a ${reason} address. Loopback, private, link-local and metadata ` +
    `targets are refused unless ALLOW_PRIVATE_TARGETS=true.`
  );
}

/**
 * Resolves the URL's host and checks every address it resolves to: one private address among public
 * ones is enough to refuse, because the resolver could hand either to a later connection. The caller
 * connects to the returned address, never resolving the name again (no DNS-rebinding window).
 * Throws BlockedTargetError, or the resolver's own error (ENOTFOUND, EAI_AGAIN…).
 */
export async function resolveTarget(
  url: string | URL,
  options: { allowPrivate: boolean; lookup?: LookupAll },
): Promise<ResolvedTarget> {
  const target = parseTarget(url);
  if (net.isIP(target.hostname)) return checkedTarget(target, [{ address: target.hostname }], options.allowPrivate);
  return checkedTarget(target, await (options.lookup ?? systemLookup)(target.hostname), options.allowPrivate);
}

/*
 * Checked targets of URLs whose host is an IP address: nothing to resolve, so the verdict of a URL
 * string never changes and the hot path (every attempt) need not parse and classify it again.
 * Bounded: cleared when full.
 */
const literalTargets = new Map<string, ResolvedTarget>();
const MAX_LITERAL_TARGETS = 1000;

/**
 * resolveTarget without waiting, for a URL whose host is an IP address: the same checks and the
 * same errors; null when the host is a name to resolve. The result is shared: do not modify it.
 */
export function resolveLiteralTarget(url: string, options: { allowPrivate: boolean }): ResolvedTarget | null {
  const key = `${options.allowPrivate ? "+" : "-"}${url}`;
  const cached = literalTargets.get(key);
  if (cached) return cached;
  const target = parseTarget(url);
  if (!net.isIP(target.hostname)) return null;
  const resolved = checkedTarget(target, [{ address: target.hostname }], options.allowPrivate);
  if (literalTargets.size >= MAX_LITERAL_TARGETS) literalTargets.clear();
  literalTargets.set(key, resolved);
  return resolved;
}

function checkedTarget(target: Target, addresses: readonly { address: string }[], allowPrivate: boolean): ResolvedTarget {
  const { hostname } = target;
  const checked = addresses.map(({ address }) => {
    const family = net.isIP(address);
    if (family === 0) throw Object.assign(new Error(`Resolver returned "${address}" for ${hostname}`), { code: "EAI_FAIL" });
    const verdict = classifyAddress(address);
    if (verdict !== "public" && !allowPrivate) {
      throw new BlockedTargetError(blockedMessage(hostname, address, verdict), verdict);
    }
    return { address, family: family as 4 | 6 };
  });
  const first = checked[0];
  if (!first) throw Object.assign(new Error(`No address found for ${hostname}`), { code: "ENOTFOUND" });
  return { ...target, address: first.address, family: first.family, addresses: checked };
}
