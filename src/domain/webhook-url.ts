// SSRF protection for webhook endpoints: which URLs and addresses Ordo refuses to call.
import { BlockList, isIP } from "node:net";
import ipaddr from "ipaddr.js";

export type UrlProblem = { message: string };

const METADATA_HOSTS = new Set([
  "metadata.google.internal",
  "metadata",
  "instance-data",
  "metadata.azure.internal",
]);

/** Checks the shape of a webhook URL; the addresses it resolves to are checked separately. */
export function checkWebhookUrl(raw: string): { url: URL } | UrlProblem {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { message: "Must be an absolute http:// or https:// URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { message: "Must use http or https" };
  if (url.username || url.password) return { message: "Must not contain credentials" };
  if (url.hash) return { message: "Must not contain a fragment" };
  return { url };
}

/** The host as an address-or-name without IPv6 brackets, lower case. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

/** `::ffff:169.254.169.254` is 169.254.169.254. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped ? mapped[1]! : address).toLowerCase();
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");
const UNSPECIFIED = new BlockList();
UNSPECIFIED.addSubnet("0.0.0.0", 8, "ipv4");
UNSPECIFIED.addAddress("::", "ipv6");
const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet("169.254.0.0", 16, "ipv4");
LINK_LOCAL.addSubnet("fe80::", 10, "ipv6");
const METADATA = new BlockList();
METADATA.addAddress("169.254.169.254", "ipv4"); // AWS, GCP, Azure, OpenStack…
METADATA.addAddress("169.254.170.2", "ipv4"); // ECS task metadata
METADATA.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud
METADATA.addAddress("fd00:ec2::254", "ipv6"); // AWS over IPv6

function family(address: string): "ipv4" | "ipv6" | null {
  const v = isIP(address);
  return v === 4 ? "ipv4" : v === 6 ? "ipv6" : null;
}

/**
 * Why Ordo refuses to send to this resolved address, or null when it may. `selfAddresses` are
 * the server's own interface addresses.
 */
export function blockedAddressReason(address: string, selfAddresses: readonly string[] = []): string | null {
  const ip = normalizeAddress(address);
  const fam = family(ip);
  if (!fam) return "is not an IP address";
  if (METADATA.check(ip, fam)) return "is a cloud metadata address";
  if (LINK_LOCAL.check(ip, fam)) return "is a link-local address";
  if (LOOPBACK.check(ip, fam)) return "is a loopback address (this server)";
  if (UNSPECIFIED.check(ip, fam)) return "is an unspecified address";
  if (selfAddresses.map(normalizeAddress).includes(ip)) return "is one of this server's own addresses";
  const parsed = ipaddr.parse(ip);
  // IPv6 spellings of an IPv4 address (mapped, NAT64, 6to4) are judged by the address they carry.
  const inner = parsed.kind() === "ipv6" ? embeddedIpv4(parsed as ipaddr.IPv6) : null;
  if (inner) {
    const reason = blockedAddressReason(inner, selfAddresses);
    return reason ? `embeds ${inner}, which ${reason}` : null;
  }
  const range = parsed.range();
  if (range !== "unicast") return `is a ${RANGE_NAMES[range] ?? range} address, not a public one`;
  return null;
}

const RANGE_NAMES: Record<string, string> = {
  private: "private network (RFC 1918)",
  carrierGradeNat: "carrier-grade NAT (100.64.0.0/10)",
  uniqueLocal: "unique local (fc00::/7)",
  multicast: "multicast",
  broadcast: "broadcast",
  reserved: "reserved",
  teredo: "Teredo tunnel",
};

/** The IPv4 address inside an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIpv4(address: ipaddr.IPv6): string | null {
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === "rfc6052") return bytes.slice(12, 16).join(".");
  if (range === "6to4") return bytes.slice(2, 6).join(".");
  return null;
}

/** A name Ordo refuses before resolving it. */
export function blockedHostnameReason(host: string): string | null {
  const h = host.replace(/\.$/, "");
  if (METADATA_HOSTS.has(h)) return "is a cloud metadata host";
  if (h === "localhost" || h.endsWith(".localhost")) return "is this server (localhost)";
  return null;
}

/**
 * The allow-list (`WEBHOOK_ALLOWED_HOSTS`): host names, addresses and CIDR ranges that may be
 * called even though they would be refused otherwise (a receiver on the same machine in
 * development, an internal service on a link-local network).
 */
export class HostAllowList {
  private readonly names = new Set<string>();
  private readonly ranges = new BlockList();
  private empty = true;

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, "");
      if (!entry) continue;
      this.empty = false;
      const [base, bits] = entry.split("/");
      const fam = family(base ?? "");
      if (fam && bits !== undefined) this.ranges.addSubnet(base!, Number(bits), fam);
      else if (fam) this.ranges.addAddress(normalizeAddress(base!), fam);
      else this.names.add(entry);
    }
  }

  /** Entries that are neither a name nor a valid address/range. */
  static invalidEntries(entries: readonly string[]): string[] {
    return entries.filter((raw) => {
      const entry = raw.trim().replace(/^\[|\]$/g, "");
      if (!entry) return false;
      const [base, bits] = entry.split("/");
      if (bits === undefined) return !/^[A-Za-z0-9.:_-]+$/.test(entry);
      const fam = family(base ?? "");
      const n = Number(bits);
      return !fam || !Number.isInteger(n) || n < 0 || n > (fam === "ipv4" ? 32 : 128);
    });
  }

  allowsHost(host: string): boolean {
    if (this.empty) return false;
    const h = host.toLowerCase().replace(/^\[|\]$/g, "");
    if (this.names.has(h)) return true;
    const ip = normalizeAddress(h);
    const fam = family(ip);
    return fam !== null && this.ranges.check(ip, fam);
  }
}
