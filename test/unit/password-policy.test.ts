import { describe, expect, it } from "vitest";
import { passwordWeakness } from "../../src/domain/password-policy.js";
import { shouldLoadDemo } from "../../src/seed/demo.js";

describe("password policy", () => {
  it.each([
    ["short", /at least 10/],
    ["password1234", /common/i],
    ["1234567890", /common|frequently/i],
    ["qwertyuiop12", /common/i],
    ["zzzzzzzzzzzz", /repeat/i],
    ["demo-password", /common/i],
  ])("refuses %s", (password, why) => {
    expect(passwordWeakness(password)).toMatch(why);
  });

  it("refuses what is known about the user and accepts uncommon phrases", () => {
    expect(passwordWeakness("lovelace@example.com", ["lovelace@example.com", "Ada Lovelace"])).not.toBeNull();
    expect(passwordWeakness("quiet-harbour-lantern-47")).toBeNull();
    expect(passwordWeakness("x".repeat(201))).toMatch(/at most 200/);
  });
});

describe("demo data at start", () => {
  it("goes only into an empty database, by itself only into the embedded SQLite one", () => {
    expect(shouldLoadDemo({ databaseKind: "sqlite", empty: true, demoAsked: false })).toBe(true);
    expect(shouldLoadDemo({ databaseKind: "postgres", empty: true, demoAsked: false })).toBe(false);
    expect(shouldLoadDemo({ databaseKind: "postgres", empty: true, demoAsked: true })).toBe(true);
    expect(shouldLoadDemo({ databaseKind: "sqlite", empty: false, demoAsked: true })).toBe(false);
  });
});
