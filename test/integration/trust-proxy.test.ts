// Behind a load balancer every request comes from its address: with TRUST_PROXY the client is
// the forwarded one, so one guesser is limited without locking out every other customer; without
// it a forged X-Forwarded-For must not buy a fresh rate-limit bucket.
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/harness.js";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const guess = (app: TestApp, clientIp: string, i: number) =>
  app.anonymous.post(
    "/v1/tracking/lookup",
    { number: String(7000 + i), email: "guess@example.com" },
    { "x-forwarded-for": clientIp },
  );

async function exhaust(app: TestApp, clientIp: string): Promise<void> {
  for (let i = 0; i < 25; i++) if ((await guess(app, clientIp, i)).status === 429) return;
  throw new Error("never rate-limited");
}

describe("client address behind a proxy (TRUST_PROXY)", () => {
  it("trusting the proxy: each forwarded client has its own rate-limit bucket", async () => {
    t = await startTestApp({ env: { TRUST_PROXY: "127.0.0.1" } });
    await exhaust(t, "203.0.113.7");
    expect((await guess(t, "203.0.113.7", 99)).status).toBe(429);
    expect((await guess(t, "198.51.100.23", 99)).status).toBe(404);
  });

  it("not trusting it (the default): a forged X-Forwarded-For is ignored", async () => {
    t = await startTestApp();
    await exhaust(t, "203.0.113.7");
    expect((await guess(t, "198.51.100.23", 99)).status).toBe(429);
  });
});
