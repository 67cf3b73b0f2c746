// A fresh installation has no known password: the first administrator is created once, with the
// one-time setup token, and `ordo start` loads demo users only into the embedded quick start.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN_EMAIL } from "../../src/seed/demo.js";
import { freePort, freshDatabase } from "../support/databases.js";
import { client, startTestApp, type TestApp } from "../support/harness.js";
import { expectProblem } from "./orders-fixtures.js";

const SETUP_TOKEN = "setup-token-for-tests-0123456789";
const ADMIN = { email: "first@example.com", name: "First Admin", password: "quiet-harbour-lantern-47" };

describe("first administrator", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ORDO_SETUP_TOKEN: SETUP_TOKEN } });
  });
  afterAll(() => t.close());

  it("is created once, by the holder of the setup token, and signed in", async () => {
    expect((await t.anonymous.get("/v1/setup")).body).toEqual({ needs_setup: true });
    const before = await t.rowCounts();

    expectProblem(await t.anonymous.post("/v1/setup", { ...ADMIN, token: "not-the-token" }), 403);
    const weak = await t.anonymous.post("/v1/setup", {
      ...ADMIN,
      password: "password1234",
      token: SETUP_TOKEN,
    });
    expectProblem(weak, 400, "body.password");
    expect(await t.rowCounts()).toEqual(before);

    // Twenty browsers submit at once: exactly one administrator exists afterwards.
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.anonymous.post("/v1/setup", { ...ADMIN, email: `first-${i}@example.com`, token: SETUP_TOKEN }),
      ),
    );
    const created = attempts.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of attempts.filter((r) => r.status !== 201)) expectProblem(r, 409);
    const users = await t.server.database.db.selectFrom("users").select(["email", "role"]).execute();
    expect(users).toEqual([{ email: created[0]!.body.user.email, role: "admin" }]);

    const cookie = created[0]!.headers.get("set-cookie")!.split(";")[0]!;
    const me = await client(t.url, { cookie }).get("/v1/auth/me");
    expect(me.status).toBe(200);
    expect(me.body.role).toBe("admin");

    expect((await t.anonymous.get("/v1/setup")).body).toEqual({ needs_setup: false });
    expectProblem(
      await t.anonymous.post("/v1/setup", { ...ADMIN, email: "late@example.com", token: SETUP_TOKEN }),
      409,
    );
  });

  it("refuses common and guessable passwords for users too, not only short ones", async () => {
    for (const password of ["password123456", "qwertyuiop123", "aaaaaaaaaaaaaa", "staff@example.com1"]) {
      const r = await t.admin.post("/v1/users", {
        email: "staff@example.com",
        name: "Staff",
        role: "agent",
        password,
      });
      expectProblem(r, 400, "body.password");
    }
    const ok = await t.admin.post("/v1/users", {
      email: "staff@example.com",
      name: "Staff",
      role: "agent",
      password: "velvet-orbit-canyon-9",
    });
    expect(ok.status).toBe(201);
    expectProblem(await t.admin.patch(`/v1/users/${ok.body.id}`, { password: "1234567890" }), 400);
  });
});

/** Runs `ordo start` on a fresh database until it has printed its banner; returns what it printed. */
async function ordoStart(databaseUrl: string, args: string[] = []): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "start", ...args], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SQLITE_SYNCHRONOUS: "NORMAL",
      DISPATCH_ENABLED: "false",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ordo start printed no banner:\n${out}`)), 60_000);
      child.stdout.on("data", () => {
        // The banner is one write, ending in a blank line.
        if (/Ordo is running[\s\S]*\n\n$/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on("exit", (code) => reject(new Error(`ordo start exited with ${code}:\n${out}`)));
    });
  } finally {
    child.kill("SIGKILL");
  }
  return out;
}

describe("ordo start", () => {
  const postgres = process.env.TEST_DATABASE_URL?.startsWith("postgres")
    ? process.env.TEST_DATABASE_URL
    : null;

  it.runIf(postgres)(
    "on an empty PostgreSQL database loads no demo users and prints the setup link",
    async () => {
      const fresh = await freshDatabase(postgres, "ordo_start");
      try {
        const out = await ordoStart(fresh.url);
        expect(out).not.toContain("Demo login");
        expect(out).toMatch(/\/welcome#token=[\w-]{20,}/);
      } finally {
        await fresh.drop();
      }
    },
    90_000,
  );

  it("loads the demo data into the embedded SQLite quick start, or anywhere with --demo", async () => {
    const fresh = await freshDatabase(postgres, "ordo_start");
    try {
      const out = await ordoStart(fresh.url, postgres ? ["--demo"] : []);
      expect(out).toContain("(demo data loaded)");
      expect(out).toContain(`Demo login: ${DEMO_ADMIN_EMAIL}`);
      expect(out).not.toContain("no users yet");
    } finally {
      await fresh.drop();
    }
  }, 90_000);
});
