import { describe, expect, it, vi } from "vitest";
import { BlockedTargetError, checkTarget, classifyAddress, resolveTarget, type LookupAll } from "./ssrf";

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["93.184.216.34", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.10.20", "link-local"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.254", "cgnat"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.10", "reserved"],
    ["198.18.0.1", "reserved"],
    ["192.0.0.8", "reserved"],
    ["192.88.99.1", "reserved"],
    ["198.51.100.7", "reserved"],
    ["203.0.113.9", "reserved"],
    ["255.255.255.254", "reserved"],
    // Metadata hosts win over the ranges around them.
    ["100.100.100.200", "metadata"],
    ["100.100.100.201", "cgnat"],
    // IPv6
    ["2606:4700:4700::1111", "public"],
    ["2a00:1450:4007:80e::200e", "public"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["fc00::1", "private"],
    ["fd12:3456:789a::1", "private"],
    ["fd00:ec2::254", "metadata"],
    ["ff02::1", "multicast"],
    ["FD00:EC2::254", "metadata"],
    ["fd00:ec2::253", "private"],
    ["fec0::1", "private"],
    ["2001:db8::1", "reserved"],
    ["::2", "reserved"],
    ["100::1", "reserved"],
    ["2001::1", "reserved"],
    ["2001:10::1", "reserved"],
    ["2001:20::1", "reserved"],
    ["3fff::1", "reserved"],
    ["3fff:1000::1", "public"],
    ["4000::1", "reserved"],
    // IPv4 hidden inside IPv6
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::8.8.8.8", "public"],
    ["2002:c0a8:0101::1", "private"],
    ["2002:0808:0808::1", "public"],
    ["::ffff:808:808", "public"],
    ["0:0:0:0:0:ffff:a9fe:a9fe", "metadata"],
    ["::ffff:255.255.255.255", "broadcast"],
    ["64:ff9b::169.254.169.254", "metadata"],
    ["64:ff9b::7f00:1", "loopback"],
    ["2002:a00:1::1", "private"],
    ["2002:a9fe:a9fe:ffff::1", "metadata"],
    ["2002:7f00:1::1%eth0", "loopback"],
    // Not unwrapped: local-use NAT64 stays in its network, IPv4-compatible addresses are deprecated.
    ["64:ff9b:1::8.8.8.8", "private"],
    ["::8.8.8.8", "reserved"],
  ])("%s is %s", (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });

  it("throws on something that is not an IP address", () => {
    expect(() => classifyAddress("example.com")).toThrow(TypeError);
  });
});

describe("resolveTarget", () => {
  const lookupTo =
    (...addresses: string[]): LookupAll =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

  it("returns the checked address, port and original name", async () => {
    const target = await resolveTarget("https://hooks.example.com/in", { allowPrivate: false, lookup: lookupTo("93.184.216.34") });
    expect(target).toMatchObject({ hostname: "hooks.example.com", port: 443, address: "93.184.216.34", family: 4 });
  });

  it("refuses a public-looking name that resolves to a private address", async () => {
    const promise = resolveTarget("https://innocent.example.com/", { allowPrivate: false, lookup: lookupTo("10.0.0.7") });
    await expect(promise).rejects.toBeInstanceOf(BlockedTargetError);
    await expect(promise).rejects.toThrow(/innocent\.example\.com resolves to 10\.0\.0\.7, a private address/);
  });

  it("refuses when any one of several addresses is not public", async () => {
    const promise = resolveTarget("http://mixed.example/", { allowPrivate: false, lookup: lookupTo("93.184.216.34", "::ffff:127.0.0.1") });
    await expect(promise).rejects.toMatchObject({ code: "blocked", reason: "loopback" });
  });

  it("allows private targets when configured", async () => {
    const target = await resolveTarget("http://receiver.local:8080/x", { allowPrivate: true, lookup: lookupTo("192.168.1.20") });
    expect(target).toMatchObject({ address: "192.168.1.20", port: 8080 });
  });

  it("uses an IP literal as is, without resolving", async () => {
    const lookup = vi.fn(lookupTo("93.184.216.34"));
    await expect(resolveTarget("http://169.254.169.254/latest", { allowPrivate: false, lookup })).rejects.toMatchObject({
      reason: "metadata",
    });
    await expect(resolveTarget("http://[::1]:3000/", { allowPrivate: false, lookup })).rejects.toMatchObject({ reason: "loopback" });
    const v6 = await resolveTarget("http://[2606:4700:4700::1111]/", { allowPrivate: false, lookup });
    expect(v6).toMatchObject({ hostname: "2606:4700:4700::1111", address: "2606:4700:4700::1111", family: 6 });
    expect(lookup).not.toHaveBeenCalled();
  });

  it("sees through the URL parser's numeric host forms", async () => {
    await expect(resolveTarget("http://2130706433/", { allowPrivate: false })).rejects.toMatchObject({ reason: "loopback" });
    await expect(resolveTarget("http://0x7f.1/", { allowPrivate: false })).rejects.toMatchObject({ reason: "loopback" });
  });

  it("resolves localhost with the system resolver and refuses it", async () => {
    await expect(resolveTarget("http://localhost:1234/", { allowPrivate: false })).rejects.toMatchObject({ reason: "loopback" });
  });

  it("refuses URLs that are not http(s)", async () => {
    await expect(resolveTarget("file:///etc/passwd", { allowPrivate: true })).rejects.toMatchObject({ reason: "url" });
    await expect(resolveTarget("not a url", { allowPrivate: true })).rejects.toMatchObject({ reason: "url" });
  });

  it("passes resolver errors through", async () => {
    const failing: LookupAll = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nope.invalid"), { code: "ENOTFOUND" });
    };
    await expect(resolveTarget("https://nope.invalid/", { allowPrivate: false, lookup: failing })).rejects.toMatchObject({
      code: "ENOTFOUND",
    });
    await expect(resolveTarget("https://empty.example/", { allowPrivate: false, lookup: lookupTo() })).rejects.toMatchObject({
      code: "ENOTFOUND",
    });
  });
});

describe("checkTarget", () => {
  it("checks a URL whose host is an IP address at once, with resolveTarget's verdict", async () => {
    const url = "http://[::ffff:10.1.2.3]:8080/hook";
    expect(() => checkTarget(url, { allowPrivate: false })).toThrow(BlockedTargetError);
    await expect(resolveTarget(url, { allowPrivate: false })).rejects.toThrow(BlockedTargetError);
    // Allowed when private targets are: the verdict is kept per setting, never shared between them.
    expect(checkTarget(url, { allowPrivate: true })).toMatchObject({ address: "::ffff:a01:203", port: 8080, family: 6 });
    expect(() => checkTarget(url, { allowPrivate: false })).toThrow(BlockedTargetError);
    expect(checkTarget("https://93.184.216.34/in", { allowPrivate: false })).toMatchObject({ address: "93.184.216.34", port: 443 });
  });

  it("answers a host name with a promise of its resolution and check", async () => {
    const checking = checkTarget("https://hooks.example.com/in", { allowPrivate: false, lookup: async () => [{ address: "93.184.216.34", family: 4 }] });
    expect(checking).toBeInstanceOf(Promise);
    await expect(checking).resolves.toMatchObject({ hostname: "hooks.example.com", address: "93.184.216.34" });
    expect(() => checkTarget("ftp://10.0.0.1/", { allowPrivate: true })).toThrow(BlockedTargetError);
  });
});
