import { describe, expect, it } from "vitest";
import { newId } from "../../src/lib/ids.js";
import { hashPassword, newToken, sha256, verifyPassword } from "../../src/lib/secrets.js";

describe("secrets and ids", () => {
  it("hashes passwords with a salt and verifies only the right one", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("wrong horse battery", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });

  it("makes unguessable tokens and stable digests", () => {
    expect(newToken("ordo_sk")).toMatch(/^ordo_sk_[A-Za-z0-9_-]{43}$/);
    expect(newToken("x")).not.toBe(newToken("x"));
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("makes prefixed ids that sort in creation order", () => {
    const ids = Array.from({ length: 100 }, () => newId("order"));
    expect(ids[0]).toMatch(/^ord_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
  });
});
