// A principal may grant only what it holds: no key or user manager can mint more power than its own.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionsOfRole } from "../../src/domain/permissions.js";
import { client, startTestApp, TEST_PASSWORD, type TestApp } from "../support/harness.js";
import { expectProblem, ok } from "./orders-fixtures.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function keyWith(scopes: string[]) {
  const created = ok(
    await t.admin.post("/v1/api_keys", { name: `k-${scopes.length}-${scopes[0]}`, scopes }),
    201,
  );
  return client(t.url, { authorization: `Bearer ${created.key}` });
}

describe("privilege escalation", () => {
  it("a key with only api_keys:manage cannot create a * key, or any scope it lacks", async () => {
    const manager = await keyWith(["api_keys:manage"]);
    const before = await t.rowCounts();
    const star = await manager.post("/v1/api_keys", { name: "root", scopes: ["*"] });
    expectProblem(star, 403, "body.scopes");
    expect(star.body.type).toContain("privilege-escalation");
    expectProblem(
      await manager.post("/v1/api_keys", { name: "w", scopes: ["orders:write"] }),
      403,
      "body.scopes",
    );
    expect(await t.rowCounts()).toEqual(before);
    // What it holds it may hand on.
    expect((await manager.post("/v1/api_keys", { name: "same", scopes: ["api_keys:manage"] })).status).toBe(
      201,
    );
  });

  it("users:manage alone cannot create an admin, nor a role with permissions it lacks", async () => {
    const users = await keyWith(["users:manage"]);
    const before = await t.rowCounts();
    const admin = { email: "boss@example.com", name: "Boss", role: "admin", password: TEST_PASSWORD };
    expectProblem(await users.post("/v1/users", admin), 403, "body.role");
    expectProblem(await users.post("/v1/users", { ...admin, role: "agent" }), 403, "body.role");
    expect(await t.rowCounts()).toEqual(before);

    // Holding everything an agent holds, it may create an agent, but not promote one to admin.
    const agentScopes = ["users:manage", ...permissionsOfRole("agent")];
    const hr = await keyWith(agentScopes);
    const agent = ok(await hr.post("/v1/users", { ...admin, role: "agent" }), 201);
    expectProblem(await hr.patch(`/v1/users/${agent.id}`, { role: "admin" }), 403, "body.role");
    expect(ok(await t.admin.get(`/v1/users/${agent.id}`)).role).toBe("agent");
  });

  it("cannot take over a user who holds more: no password reset or deactivation of an admin", async () => {
    const target = ok(
      await t.admin.post("/v1/users", {
        email: "root@example.com",
        name: "Root",
        role: "admin",
        password: TEST_PASSWORD,
      }),
      201,
    );
    const hr = await keyWith(["users:manage", "orders:read"]);
    expectProblem(await hr.patch(`/v1/users/${target.id}`, { password: "a-new-long-password-9" }), 403);
    expectProblem(await hr.patch(`/v1/users/${target.id}`, { active: false }), 403);
    expect(ok(await t.admin.get(`/v1/users/${target.id}`)).active).toBe(true);
  });
});
