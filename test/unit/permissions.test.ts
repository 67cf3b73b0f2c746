import { describe, expect, it } from "vitest";
import { PERMISSIONS, permissionsOfRole, permissionsOfScopes } from "../../src/domain/permissions.js";

describe("permissions", () => {
  it("gives admins everything and keeps staff management to admins", () => {
    expect([...permissionsOfRole("admin")].sort()).toEqual([...PERMISSIONS].sort());
    for (const role of ["manager", "agent", "warehouse", "store"] as const) {
      expect(permissionsOfRole(role).has("users:manage")).toBe(false);
      expect(permissionsOfRole(role).has("api_keys:manage")).toBe(false);
    }
  });

  it("lets agents change orders but not stock, and warehouse staff the opposite", () => {
    expect(permissionsOfRole("agent").has("orders:write")).toBe(true);
    expect(permissionsOfRole("agent").has("inventory:write")).toBe(false);
    expect(permissionsOfRole("warehouse").has("inventory:write")).toBe(true);
    expect(permissionsOfRole("warehouse").has("orders:write")).toBe(false);
  });

  it("maps API key scopes to exactly those permissions, ignoring unknown ones", () => {
    expect([...permissionsOfScopes(["orders:read", "bogus"])]).toEqual(["orders:read"]);
    expect(permissionsOfScopes(["*"]).size).toBe(PERMISSIONS.length);
  });
});
