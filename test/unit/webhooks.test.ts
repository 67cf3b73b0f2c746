import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { defaultBackoff, retryDelayMs, retrySchedule } from "../../src/domain/backoff.js";
import {
  busSubject,
  isValidEventPattern,
  matchesAny,
  matchesEventPattern,
} from "../../src/domain/event-types.js";
import {
  generateWebhookSecret,
  isValidWebhookSecret,
  signWebhook,
  verifyWebhook,
} from "../../src/domain/webhook-signature.js";
import {
  blockedAddressReason,
  blockedHostnameReason,
  checkWebhookUrl,
  HostAllowList,
} from "../../src/domain/webhook-url.js";

describe("Standard Webhooks signatures", () => {
  it("signs id.timestamp.body with the secret's bytes, as the spec's example", () => {
    // The example from the Standard Webhooks specification.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });

  it("verifies its own signatures, among several, and refuses tampering and old timestamps", () => {
    const secret = generateWebhookSecret();
    expect(isValidWebhookSecret(secret)).toBe(true);
    const now = 1_700_000_000;
    const sig = signWebhook(secret, "whd_1", now, "{}");
    const headers = { id: "whd_1", timestamp: String(now), signature: `v1,bm90LWl0 ${sig}` };
    expect(verifyWebhook(secret, headers, "{}", now)).toBe(true);
    expect(verifyWebhook(secret, headers, "{ }", now)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, id: "whd_2" }, "{}", now)).toBe(false);
    expect(verifyWebhook(generateWebhookSecret(), headers, "{}", now)).toBe(false);
    expect(verifyWebhook(secret, headers, "{}", now + 301)).toBe(false);
    // Independent check with plain HMAC.
    const key = Buffer.from(secret.slice(6), "base64");
    expect(sig).toBe(`v1,${createHmac("sha256", key).update(`whd_1.${now}.{}`).digest("base64")}`);
  });

  it("accepts only whsec_ secrets of 24–64 bytes", () => {
    expect(isValidWebhookSecret("whsec_short")).toBe(false);
    expect(isValidWebhookSecret(`whsec_${Buffer.alloc(32, 1).toString("base64")}`)).toBe(true);
    expect(isValidWebhookSecret(Buffer.alloc(32, 1).toString("base64"))).toBe(false);
  });
});

describe("retry backoff", () => {
  it("spreads the default 12 attempts over about a day, growing each time", () => {
    const policy = defaultBackoff();
    const schedule = retrySchedule(policy);
    expect(schedule).toHaveLength(11);
    for (let i = 1; i < schedule.length; i++) expect(schedule[i]!).toBeGreaterThanOrEqual(schedule[i - 1]!);
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20 * 3600_000);
    expect(total).toBeLessThan(32 * 3600_000);
    expect(schedule[0]).toBe(5_000);
  });

  it("jitters within ±20 % and stops after the last attempt", () => {
    const policy = defaultBackoff(1_000, 5);
    expect(retryDelayMs(policy, 2, 0)).toBe(2_400);
    expect(retryDelayMs(policy, 2, 0.999999)).toBe(3_600);
    expect(retryDelayMs(policy, 4, 0.5)).toBe(27_000);
    expect(retryDelayMs(policy, 5)).toBeNull();
  });
});

describe("event type patterns", () => {
  it("matches exact types, prefixes and everything", () => {
    expect(matchesEventPattern("*", "order.created")).toBe(true);
    expect(matchesEventPattern("order.*", "order.created")).toBe(true);
    expect(matchesEventPattern("order.*", "orders.created")).toBe(false);
    expect(matchesEventPattern("order.created", "order.created")).toBe(true);
    expect(matchesEventPattern("order.created", "order.cancelled")).toBe(false);
    expect(matchesAny(["inventory.*", "order.held"], "order.held")).toBe(true);
    expect(matchesAny(["inventory.*"], "order.held")).toBe(false);
  });

  it("validates patterns and maps types to bus subjects", () => {
    for (const ok of ["*", "order.*", "order.created", "fulfillment_order.shipped"])
      expect(isValidEventPattern(ok)).toBe(true);
    for (const bad of ["", "order", "order.", "*.created", "Order.Created", "order.**", "a b.c"])
      expect(isValidEventPattern(bad)).toBe(false);
    expect(busSubject("order.created")).toBe("ordo.order.created");
  });
});

describe("SSRF guard", () => {
  it("refuses metadata, link-local, loopback and own addresses", () => {
    expect(blockedAddressReason("169.254.169.254")).toMatch(/metadata/);
    expect(blockedAddressReason("::ffff:169.254.169.254")).toMatch(/metadata/);
    expect(blockedAddressReason("fd00:ec2::254")).toMatch(/metadata/);
    expect(blockedAddressReason("169.254.10.1")).toMatch(/link-local/);
    expect(blockedAddressReason("fe80::1")).toMatch(/link-local/);
    expect(blockedAddressReason("127.0.0.1")).toMatch(/loopback/);
    expect(blockedAddressReason("::1")).toMatch(/loopback/);
    expect(blockedAddressReason("0.0.0.0")).toMatch(/unspecified/);
    expect(blockedAddressReason("10.1.2.3", ["10.1.2.3"])).toMatch(/own/);
    expect(blockedAddressReason("93.184.216.34")).toBeNull();
    expect(blockedHostnameReason("metadata.google.internal")).toMatch(/metadata/);
    expect(blockedHostnameReason("localhost")).toMatch(/this server/);
  });

  it.each([
    ["10.0.0.5", /private/],
    ["172.16.4.1", /private/],
    ["192.168.1.10", /private/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["198.18.0.1", /reserved/],
    ["224.0.0.1", /multicast/],
    ["240.0.0.1", /reserved/],
    ["fd00::1", /unique local/],
    ["fc00::1", /unique local/],
    ["::ffff:10.0.0.1", /private/],
    ["::ffff:a00:1", /embeds 10\.0\.0\.1.*private/],
    ["64:ff9b::7f00:1", /embeds 127\.0\.0\.1.*loopback/],
    ["64:ff9b::a9fe:a9fe", /embeds 169\.254\.169\.254.*metadata/],
    ["2002:7f00:1::", /embeds 127\.0\.0\.1.*loopback/],
    ["2002:c0a8:101::1", /embeds 192\.168\.1\.1.*private/],
    ["2001::1", /Teredo/],
    ["2001:db8::1", /reserved/],
  ])("refuses %s, a private or reserved address by default", (address, reason) => {
    expect(blockedAddressReason(address)).toMatch(reason);
  });

  it("lets public addresses through, in every spelling", () => {
    expect(blockedAddressReason("93.184.216.34")).toBeNull();
    expect(blockedAddressReason("2606:4700:4700::1111")).toBeNull();
    expect(blockedAddressReason("64:ff9b::5db8:d822")).toBeNull(); // NAT64 of 93.184.216.34
    expect(blockedAddressReason("2002:5db8:d822::1")).toBeNull(); // 6to4 of 93.184.216.34
  });

  it("checks the URL's shape", () => {
    expect(checkWebhookUrl("ftp://example.com/x")).toHaveProperty("message");
    expect(checkWebhookUrl("https://user:pw@example.com/")).toHaveProperty("message");
    expect(checkWebhookUrl("not a url")).toHaveProperty("message");
    expect(checkWebhookUrl("https://example.com/hooks?x=1")).toHaveProperty("url");
  });

  it("lets the allow-list exempt names, addresses and ranges", () => {
    const allow = new HostAllowList(["127.0.0.1", "hooks.internal", "169.254.0.0/16"]);
    expect(allow.allowsHost("127.0.0.1")).toBe(true);
    expect(allow.allowsHost("127.0.0.2")).toBe(false);
    expect(allow.allowsHost("HOOKS.internal")).toBe(true);
    expect(allow.allowsHost("169.254.169.254")).toBe(true);
    expect(new HostAllowList([]).allowsHost("127.0.0.1")).toBe(false);
    expect(HostAllowList.invalidEntries(["10.0.0.0/33", "ok.host", "1.2.3.4/8", "bad host"])).toEqual([
      "10.0.0.0/33",
      "bad host",
    ]);
  });
});

describe("delivery configuration", () => {
  it("keeps a claim longer than a webhook request can take, and checks the allow-list", () => {
    expect(loadConfig({}).delivery).toMatchObject({
      claimTtlMs: 60_000,
      webhookTimeoutMs: 10_000,
      intervalMs: 250,
      allowedHosts: [],
    });
    expect(
      loadConfig({ DISPATCH_CLAIM_TTL_MS: "1000", WEBHOOK_TIMEOUT_MS: "5000" }).delivery.claimTtlMs,
    ).toBe(6_000);
    expect(
      loadConfig({ WEBHOOK_ALLOWED_HOSTS: " 127.0.0.1, hooks.internal ,10.0.0.0/8" }).delivery.allowedHosts,
    ).toEqual(["127.0.0.1", "hooks.internal", "10.0.0.0/8"]);
    expect(() => loadConfig({ WEBHOOK_ALLOWED_HOSTS: "10.0.0.0/99" })).toThrow(ConfigError);
    expect(loadConfig({ DISPATCH_ENABLED: "false" }).delivery.enabled).toBe(false);
  });
});
