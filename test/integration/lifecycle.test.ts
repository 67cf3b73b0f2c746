import { describe, expect, it } from "vitest";
import { startTestApp } from "../support/harness.js";

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
    } finally {
      await t.close();
    }
  });
});
