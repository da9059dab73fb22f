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

/*
 * Checked in this order, the first match giving the reason: the metadata hosts sit inside the
 * link-local, CGNAT and unique local ranges, the broadcast address inside 240.0.0.0/4. One list
 * holds both families: an IPv4 rule never matches an IPv6 address (but for ::ffff:a.b.c.d, which
 * classifyAddress unwraps first anyway) and no IPv6 rule covers ::ffff:0:0/96, where BlockList
 * looks up IPv4 addresses.
 */
const blockedRanges: [BlockReason, string[]][] = [
  [
    "metadata",
    [
      "169.254.169.254/32", // AWS, GCP, Azure, OpenStack…
      "169.254.170.2/32", // AWS ECS task metadata
      "100.100.100.200/32", // Alibaba Cloud
      "fd00:ec2::254/128", // AWS IMDS over IPv6
    ],
  ],
  ["broadcast", ["255.255.255.255/32"]],
  ["unspecified", ["0.0.0.0/8", "::/128"]],
  ["loopback", ["127.0.0.0/8", "::1/128"]],
  [
    "private",
    [
      "10.0.0.0/8",
      "172.16.0.0/12",
      "192.168.0.0/16",
      "fc00::/7", // unique local
      "fec0::/10", // deprecated site-local
      "64:ff9b:1::/48", // local-use NAT64
    ],
  ],
  ["link-local", ["169.254.0.0/16", "fe80::/10"]],
  ["cgnat", ["100.64.0.0/10"]],
  ["multicast", ["224.0.0.0/4", "ff00::/8"]],
  [
    "reserved",
    [
      "192.0.0.0/24", // IETF protocol assignments
      "192.0.2.0/24", // documentation
      "198.51.100.0/24",
      "203.0.113.0/24",
      "192.88.99.0/24", // old 6to4 relays
      "198.18.0.0/15", // benchmarking
      "240.0.0.0/4",
      "100::/64", // discard-only
      "2001::/32", // Teredo: tunnels to an obfuscated IPv4
      "2001:10::/28", // ORCHID
      "2001:20::/28", // ORCHIDv2
      "2001:db8::/32", // documentation
      "3fff::/20", // documentation
    ],
  ],
];

function blockList(subnets: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const subnet of subnets) {
    const [prefix = "", bits] = subnet.split("/");
    list.addSubnet(prefix, Number(bits), net.isIPv4(prefix) ? "ipv4" : "ipv6");
  }
  return list;
}

const blocked = blockedRanges.map(([reason, subnets]) => [reason, blockList(subnets)] as const);
// Only 2000::/3 is handed out as global unicast; every other IPv6 address is special-purpose.
const globalUnicast = blockList(["2000::/3"]);
// IPv6 addresses that reach an IPv4 address, carried in their last 32 bits or (6to4) in bits 16–48.
const ipv4InLast32Bits = blockList(["::ffff:0:0/96", "64:ff9b::/96"]); // IPv4-mapped, NAT64
const sixToFour = blockList(["2002::/16"]);

function parseIPv4(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

/**
 * 128-bit value of a valid IPv6 address (zone id dropped, dotted IPv4 tail allowed). BlockList only
 * answers yes or no; this gives the bits themselves (the embedded IPv4 here, /64 keys in lib/auth).
 */
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

/** The IPv4 address (dotted) that an IPv6 address reaches through, or null if it carries none. */
function embeddedIPv4(ip: net.SocketAddress, text: string): string | null {
  const shift = ipv4InLast32Bits.check(ip) ? 0n : sixToFour.check(ip) ? 80n : null;
  if (shift === null) return null;
  const value = parseIPv6(text) >> shift;
  return [24n, 16n, 8n, 0n].map((byte) => (value >> byte) & 0xffn).join(".");
}

/** "public", or why an IP address must not be a delivery target. Throws on a non-IP string. */
export function classifyAddress(ip: string): AddressClass {
  const family = net.isIP(ip);
  if (family === 0) throw new TypeError(`Not an IP address: ${ip}`);
  // BlockList knows no zone ids: it would match nothing in fe80::1%eth0.
  const text = ip.split("%")[0]!;
  const address = new net.SocketAddress({ address: text, family: family === 4 ? "ipv4" : "ipv6" });
  if (family === 6) {
    // Addresses that carry an IPv4 address reach that address: judge the IPv4 one.
    const inner = embeddedIPv4(address, text);
    if (inner) return classifyAddress(inner);
  }
  const reason = blocked.find(([, list]) => list.check(address))?.[0];
  if (reason) return reason;
  return family === 4 || globalUnicast.check(address) ? "public" : "reserved";
}

export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** Every address the system resolver returns, in its order (A and AAAA). */
const systemLookup: LookupAll = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

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
const BLOCKED_TARGET_PREFIX = "Blocked target:";

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
function parseTarget(url: string | URL): Target {
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
  return checkTarget(String(url), options);
}

/*
 * Checked targets of URLs whose host is an IP address: nothing to resolve, so the verdict of a URL
 * string never changes and the hot path (every attempt) need not parse and classify it again.
 * Bounded: cleared when full.
 */
const literalTargets = new Map<string, ResolvedTarget>();
const MAX_LITERAL_TARGETS = 1000;

/**
 * resolveTarget for the hot path: the same checks and errors, parsing the URL once, and without
 * waiting when there is nothing to resolve. A URL whose host is an IP address gets its checked
 * target at once (remembered per URL and setting; shared, do not modify it) or throws; a host name
 * gets a promise of its resolution and check.
 */
export function checkTarget(url: string, options: { allowPrivate: boolean; lookup?: LookupAll }): ResolvedTarget | Promise<ResolvedTarget> {
  const key = `${options.allowPrivate ? "+" : "-"}${url}`;
  const cached = literalTargets.get(key);
  if (cached) return cached;
  const target = parseTarget(url);
  if (!net.isIP(target.hostname)) {
    return (options.lookup ?? systemLookup)(target.hostname).then((addresses) => checkedTarget(target, addresses, options.allowPrivate));
  }
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
