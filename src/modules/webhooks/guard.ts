import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import {
  blockedAddressReason,
  blockedHostnameReason,
  checkWebhookUrl,
  HostAllowList,
  hostOf,
} from "../../domain/webhook-url.js";

/**
 * SSRF protection for outgoing webhooks: refuses URLs that lead to this server (loopback, its own
 * addresses, its public host) or to link-local and cloud-metadata addresses, unless the host is on
 * `WEBHOOK_ALLOWED_HOSTS`. Checked when an endpoint is saved and again, on the resolved address,
 * when each request connects (so a DNS answer that changes later cannot slip through).
 */
export class AddressGuard {
  private readonly allow: HostAllowList;

  constructor(
    allowedHosts: readonly string[],
    private readonly publicHost: string | null = null,
  ) {
    this.allow = new HostAllowList(allowedHosts);
  }

  private selfAddresses(): string[] {
    return Object.values(networkInterfaces())
      .flat()
      .map((i) => i?.address)
      .filter((a): a is string => Boolean(a));
  }

  /** Why this address may not be called for this host, or null. */
  addressProblem(host: string, address: string): string | null {
    if (this.allow.allowsHost(host) || this.allow.allowsHost(address)) return null;
    const reason = blockedAddressReason(address, this.selfAddresses());
    return reason ? `${host} resolves to ${address}, which ${reason}` : null;
  }

  /** Why Ordo refuses this URL, or null; resolves the host name. */
  async urlProblem(raw: string): Promise<string | null> {
    const checked = checkWebhookUrl(raw);
    if ("message" in checked) return checked.message;
    const host = hostOf(checked.url);
    if (this.allow.allowsHost(host)) return null;
    const byName = blockedHostnameReason(host);
    if (byName) return `${host} ${byName}`;
    if (this.publicHost && host === this.publicHost) return `${host} is this server's own public address`;
    if (isIP(host)) return this.addressProblem(host, host);
    let addresses: LookupAddress[];
    try {
      addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
        dnsLookup(host, { all: true }, (err, list) => (err ? reject(err) : resolve(list))),
      );
    } catch {
      return `${host} does not resolve`;
    }
    for (const a of addresses) {
      const problem = this.addressProblem(host, a.address);
      if (problem) return problem;
    }
    return null;
  }

  /** A `lookup` for http.request that refuses forbidden answers at connect time. */
  readonly lookup = (
    hostname: string,
    options: { all?: boolean; family?: number },
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, list) => {
      if (err) return callback(err, "");
      for (const a of list) {
        const problem = this.addressProblem(hostname, a.address);
        if (problem) return callback(Object.assign(new Error(`refused: ${problem}`), { code: "ESSRF" }), "");
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "");
      callback(null, first.address, first.family);
    });
  };
}
