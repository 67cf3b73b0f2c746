import { describe, expect, it } from "vitest";
import { startTestApp, TEST_PASSWORD } from "../support/harness.js";

describe("process lifecycle", () => {
  it("graceful shutdown finishes an in-flight request, then refuses new connections", async () => {
    let started!: () => void;
    const inFlight = new Promise<void>((r) => {
      started = r;
    });
    const t = await startTestApp({
      beforeListen: (app) => {
        app.get("/slow", async () => {
          started();
          await new Promise((r) => setTimeout(r, 400));
          return { done: true };
        });
      },
    });
    const slow = fetch(`${t.url}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await inFlight;
    const closing = t.server.shutdown();
    expect(await slow).toEqual({ status: 200, body: { done: true } });
    await closing;
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    await t.close();
  });

  it("rate-limits login attempts", async () => {
    const t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: "3" } });
    try {
      const attempt = () =>
        t.anonymous.post("/v1/auth/login", { email: "nobody@example.com", password: "guess-guess" });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const limited = await attempt();
      expect(limited.status).toBe(429);
      expect(limited.headers.get("content-type")).toContain("application/problem+json");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it("throttles per account and per address: guessing one account's password does not lock out another", async () => {
    const t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: "3" } });
    try {
      const victim = await t.as("agent"); // signs in once: proves the account works
      expect((await victim.get("/v1/auth/me")).status).toBe(200);
      const me = (await t.admin.get(`/v1/users/${(await victim.get("/v1/auth/me")).body.id}`)).body;
      const attack = (email: string, password = "wrong-password-1") =>
        t.anonymous.post("/v1/auth/login", { email, password });
      // The e-mail's case does not buy a new bucket.
      for (const spelling of [me.email, me.email.toUpperCase(), me.email]) {
        expect((await attack(spelling)).status).toBe(401);
      }
      // The account is locked, even for the right password…
      const locked = await attack(me.email, TEST_PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.body.type).toContain("too-many-login-attempts");
      // …but another account signs in from the same address.
      const other = await t.as("manager");
      expect((await other.get("/v1/auth/me")).status).toBe(200);

      // One address sweeping many accounts is limited too (5 × the per-account budget).
      const replies = [];
      for (let i = 0; i < 16; i++) replies.push((await attack(`nobody-${i}@example.com`)).status);
      expect(replies).toContain(429);
      expect(replies.slice(0, 10)).not.toContain(429);
    } finally {
      await t.close();
    }
  });
});
