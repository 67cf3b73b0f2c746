import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/domain/permissions.js";
import { type Client, client, login, startTestApp, TEST_PASSWORD, type TestApp } from "../support/harness.js";

let t: TestApp;
const roles: Partial<Record<Role, Client>> = {};

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ROLES) roles[role] = await t.as(role);
});
afterAll(() => t.close());

const expectProblem = (reply: { status: number; headers: Headers; body: any }, status: number) => {
  expect(reply.status).toBe(status);
  expect(reply.headers.get("content-type")).toContain("application/problem+json");
  expect(reply.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
};

describe("operations endpoints", () => {
  it("serves health, readiness, metrics, the OpenAPI document and the docs", async () => {
    expect((await t.anonymous.get("/healthz")).body).toEqual({ status: "ok" });
    expect((await t.anonymous.get("/readyz")).body).toEqual({ status: "ready" });
    const doc = await t.anonymous.get("/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/v1/users", "/v1/api_keys", "/v1/auth/login", "/v1/audit_events"]),
    );
    expect(
      doc.body.paths["/v1/users"].post.requestBody.content["application/json"].schema.properties.role.enum,
    ).toContain("agent");
    const docs = await fetch(`${t.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger");
    const metrics = await t.anonymous.get("/metrics");
    expect(metrics.body).toMatch(
      /ordo_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
  });

  it("gives every response a request id, echoing a safe one from the client", async () => {
    const own = await t.anonymous.get("/healthz");
    expect(own.headers.get("x-request-id")).toMatch(/^req_[0-9A-Z]{26}$/);
    const echoed = await t.anonymous.get("/healthz", { "x-request-id": "trace-abc.123" });
    expect(echoed.headers.get("x-request-id")).toBe("trace-abc.123");
    const unsafe = await t.anonymous.get("/healthz", { "x-request-id": "<script>" });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("sends security headers", async () => {
    const reply = await t.anonymous.get("/healthz");
    expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
    expect(reply.headers.get("content-security-policy")).toContain("default-src 'self'");
  });
});

describe("problem+json for bad input, and nothing written", () => {
  const cases: Array<[string, unknown, string?]> = [
    ["malformed JSON", '{"email": ', "body"],
    [
      "unknown field",
      { email: "x@y.z", name: "X", role: "agent", password: "long-enough-pw", admin: true },
      "body.admin",
    ],
    ["wrong type", { email: "x@y.z", name: 42, role: "agent", password: "long-enough-pw" }, "body.name"],
    ["unknown role", { email: "x@y.z", name: "X", role: "root", password: "long-enough-pw" }, "body.role"],
    [
      "bad e-mail",
      { email: "not-an-email", name: "X", role: "agent", password: "long-enough-pw" },
      "body.email",
    ],
    ["short password", { email: "x@y.z", name: "X", role: "agent", password: "short" }, "body.password"],
    ["array instead of object", [1, 2, 3], "body"],
  ];
  for (const [name, body, path] of cases) {
    it(name, async () => {
      const before = await t.rowCounts();
      const reply = await t.admin.post("/v1/users", body);
      expectProblem(reply, 400);
      if (path && path !== "body")
        expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await t.rowCounts()).toEqual(before);
    });
  }

  it("refuses a body over the size limit with 413", async () => {
    const reply = await t.admin.post("/v1/users", {
      email: "x@y.z",
      name: "x".repeat(2 * 1024 * 1024),
      role: "agent",
      password: "long-enough-pw",
    });
    expectProblem(reply, 413);
  });

  it("answers unknown routes and malformed query parameters with problems", async () => {
    expectProblem(await t.admin.get("/v1/nothing-here"), 404);
    const badLimit = await t.admin.get("/v1/users?limit=abc");
    expectProblem(badLimit, 400);
    expect(badLimit.body.errors[0].path).toBe("querystring.limit");
    expectProblem(await t.admin.get("/v1/users?cursor=garbage"), 400);
    expectProblem(await t.admin.get("/v1/users/usr_missing"), 404);
  });
});

describe("access", () => {
  // route → roles that may use it
  const matrix: Array<[string, string, Role[]]> = [
    ["GET", "/v1/users", ["admin"]],
    ["GET", "/v1/api_keys", ["admin"]],
    ["GET", "/v1/audit_events", ["admin", "manager"]],
    ["GET", "/v1/auth/me", ["admin", "manager", "agent", "warehouse", "store"]],
  ];
  for (const [method, path, allowed] of matrix) {
    it(`${method} ${path}: 401 without credentials, 403 for the wrong role`, async () => {
      expectProblem(await t.anonymous.request(method, path), 401);
      for (const role of ROLES) {
        const reply = await roles[role]!.request(method, path);
        expect({ role, status: reply.status }).toEqual({ role, status: allowed.includes(role) ? 200 : 403 });
      }
    });
  }

  it("logs in with an http-only, same-site session cookie and logs out", async () => {
    const user = await t.admin.post("/v1/users", {
      email: "Lee@Example.com",
      name: "Lee",
      role: "agent",
      password: TEST_PASSWORD,
    });
    expect(user.status).toBe(201);
    expect(user.body.email).toBe("lee@example.com");
    expect(user.body).not.toHaveProperty("password_hash");

    const wrong = await t.anonymous.post("/v1/auth/login", {
      email: "lee@example.com",
      password: "wrong-password",
    });
    expectProblem(wrong, 401);

    const res = await fetch(`${t.url}/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "LEE@example.com", password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const session = client(t.url, { cookie: setCookie.split(";")[0]! });
    const me = await session.get("/v1/auth/me");
    expect(me.body).toMatchObject({ type: "user", role: "agent", name: "Lee" });
    expect(me.body.permissions).toContain("orders:write");

    // A cross-site page cannot use the cookie to change anything.
    expectProblem(await session.post("/v1/auth/logout", undefined, { origin: "https://evil.example" }), 403);

    expect((await session.post("/v1/auth/logout")).status).toBe(204);
    expectProblem(await session.get("/v1/auth/me"), 401);
  });

  it("ends a deactivated user's sessions at once", async () => {
    const created = await t.admin.post("/v1/users", {
      email: "gone@example.com",
      name: "Gone",
      role: "store",
      password: TEST_PASSWORD,
    });
    const session = await login(t.url, "gone@example.com", TEST_PASSWORD);
    expect((await session.get("/v1/auth/me")).status).toBe(200);
    expect((await t.admin.patch(`/v1/users/${created.body.id}`, { active: false })).body.active).toBe(false);
    expectProblem(await session.get("/v1/auth/me"), 401);
  });

  it("shows an API key once, stores only its hash, and revocation takes effect immediately", async () => {
    const created = await t.admin.post("/v1/api_keys", { name: "auditor", scopes: ["audit:read"] });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^ordo_sk_/);
    const stored = await t.server.database.db
      .selectFrom("api_keys")
      .selectAll()
      .where("id", "=", created.body.api_key.id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);
    expect(JSON.stringify((await t.admin.get("/v1/api_keys")).body)).not.toContain(key);

    const integration = client(t.url, { authorization: `Bearer ${key}` });
    expect((await integration.get("/v1/audit_events")).status).toBe(200);
    expectProblem(await integration.get("/v1/users"), 403);
    const listed = (await t.admin.get("/v1/api_keys")).body.data.find(
      (k: { id: string }) => k.id === created.body.api_key.id,
    );
    expect(listed.last_used_at).not.toBeNull();

    const revoked = await t.admin.post(`/v1/api_keys/${created.body.api_key.id}/revoke`);
    expect(revoked.body.revoked_at).not.toBeNull();
    expectProblem(await integration.get("/v1/audit_events"), 401);
  });
});

describe("idempotency", () => {
  it("replays the first answer for the same key and body, and refuses another body with 422", async () => {
    const body = { name: "shop", scopes: ["orders:read"] };
    const first = await t.admin.post("/v1/api_keys", body, { "idempotency-key": "k-1" });
    expect(first.status).toBe(201);
    const again = await t.admin.post(
      "/v1/api_keys",
      { scopes: ["orders:read"], name: "shop" },
      { "idempotency-key": "k-1" },
    );
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    const other = await t.admin.post(
      "/v1/api_keys",
      { name: "other", scopes: ["orders:read"] },
      { "idempotency-key": "k-1" },
    );
    expectProblem(other, 422);
    const keys = (await t.admin.get("/v1/api_keys?limit=500")).body.data.filter(
      (k: { name: string }) => k.name === "shop",
    );
    expect(keys).toHaveLength(1);
  });

  it("executes 20 concurrent requests with one key exactly once", async () => {
    const body = { email: "once@example.com", name: "Once", role: "agent", password: TEST_PASSWORD };
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => t.admin.post("/v1/users", body, { "idempotency-key": "same-key-20" })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const users = await t.server.database.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "once@example.com")
      .execute();
    expect(users).toHaveLength(1);
    const audits = await t.admin.get(`/v1/audit_events?resource_id=${users[0]!.id}&action=user.created`);
    expect(audits.body.data).toHaveLength(1);
  });

  it("keeps a conflict as the key's outcome: the same retry replays it, another body is a 422", async () => {
    const taken = await t.admin.post("/v1/users", {
      email: "dup@example.com",
      name: "A",
      role: "agent",
      password: TEST_PASSWORD,
    });
    expect(taken.status).toBe(201);
    const body = { email: "dup@example.com", name: "B", role: "agent", password: TEST_PASSWORD };
    const failed = await t.admin.post("/v1/users", body, { "idempotency-key": "retry-me" });
    expectProblem(failed, 409);
    const replayed = await t.admin.post("/v1/users", body, { "idempotency-key": "retry-me" });
    expectProblem(replayed, 409);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    const corrected = { ...body, email: "dup2@example.com" };
    expectProblem(await t.admin.post("/v1/users", corrected, { "idempotency-key": "retry-me" }), 422);
    expect((await t.admin.post("/v1/users", corrected, { "idempotency-key": "retry-me-2" })).status).toBe(
      201,
    );
  });

  it("frees the key when the request is refused for its shape, so a corrected retry can use it", async () => {
    const bad = await t.admin.post(
      "/v1/users",
      {
        email: "shape@example.com",
        name: "C",
        role: "agent",
        password: TEST_PASSWORD,
        location_id: "loc_nope",
      },
      { "idempotency-key": "shape-1" },
    );
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).not.toBe(409);
    const retried = await t.admin.post(
      "/v1/users",
      { email: "shape@example.com", name: "C", role: "agent", password: TEST_PASSWORD },
      { "idempotency-key": "shape-1" },
    );
    expect(retried.status).toBe(201);
  });
});

describe("audit trail and pagination", () => {
  it("records who created a user, in the same transaction", async () => {
    const created = await t.admin.post("/v1/users", {
      email: "audited@example.com",
      name: "Aud",
      role: "warehouse",
      password: TEST_PASSWORD,
    });
    const me = await t.admin.get("/v1/auth/me");
    const trail = await t.admin.get(`/v1/audit_events?resource_type=user&resource_id=${created.body.id}`);
    expect(trail.body.data).toEqual([
      expect.objectContaining({
        action: "user.created",
        actor_type: "api_key",
        actor_id: me.body.id,
        data: { email: "audited@example.com", role: "warehouse" },
      }),
    ]);
    expect(trail.body.data[0].request_id).toMatch(/^req_/);
  });

  it("pages with a cursor, stable while rows are inserted", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let inserted = false;
    do {
      const page: any = await t.admin.get(`/v1/users?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((u: { id: string }) => u.id));
      cursor = page.body.next_cursor;
      if (!inserted) {
        // Users page oldest first: a user created now comes at the end, never shifting pages.
        await t.admin.post("/v1/users", {
          email: "late@example.com",
          name: "Late",
          role: "agent",
          password: TEST_PASSWORD,
        });
        inserted = true;
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await t.server.database.db.selectFrom("users").select("id").orderBy("id").execute();
    expect(seen).toEqual(all.map((u) => u.id));
  });
});
