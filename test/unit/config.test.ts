import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("config", () => {
  it("defaults to an embedded SQLite file, port 3000 and synchronous=FULL", () => {
    const c = loadConfig({});
    expect(c.database).toMatchObject({ kind: "sqlite", synchronous: "FULL" });
    expect(c.database.kind === "sqlite" && c.database.file.endsWith("data/ordo.db")).toBe(true);
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe("http://localhost:3000");
  });

  it("recognises a PostgreSQL URL", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u@db:5432/ordo" }).database).toEqual({
      kind: "postgres",
      url: "postgres://u@db:5432/ordo",
      poolSize: 10,
    });
  });

  it("reports every invalid variable by name at once", () => {
    const attempt = () => loadConfig({ PORT: "http", LOG_LEVEL: "loud", ORDO_ADMIN_API_KEY: "short" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("PORT");
      expect(message).toContain("LOG_LEVEL");
      expect(message).toContain("ORDO_ADMIN_API_KEY must be at least 24 characters");
    }
  });

  it("reads TRUST_PROXY as off, any proxy, a hop count or a list of addresses", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }).trustProxy).toBe("10.0.0.0/8, 127.0.0.1");
    expect(() => loadConfig({ TRUST_PROXY: "everyone" })).toThrow(/TRUST_PROXY/);
  });

  it("requires MAIL_FROM with SMTP_URL, and says so by name, with the other problems", () => {
    const attempt = () => loadConfig({ SMTP_URL: "smtp://mail.acme.test:587", PORT: "http" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/MAIL_FROM: required when SMTP_URL is set/);
    expect(attempt).toThrow(/PORT/);
    expect(() => loadConfig({ SMTP_URL: "smtp://mail.acme.test:587", MAIL_FROM: "  " })).toThrow(/MAIL_FROM/);
    // No made-up sender: with SMTP_URL and MAIL_FROM, MAIL_FROM is what is sent from.
    const c = loadConfig({
      SMTP_URL: "smtp://mail.acme.test:587",
      MAIL_FROM: "Acme Outdoor <shop@acme.test>",
    });
    expect(c.smtpUrl).toBe("smtp://mail.acme.test:587");
    expect(c.delivery.mailFrom).toBe("Acme Outdoor <shop@acme.test>");
    // Without SMTP nothing is sent, so nothing is required.
    expect(loadConfig({}).delivery.mailFrom).toBeUndefined();
  });

  it("accepts MAIL_FROM as an address or a name and an address, nothing else", () => {
    for (const from of ["shop@acme.test", "Acme Outdoor <shop@acme.test>", '"Acme, Inc." <shop@acme.test>'])
      expect(loadConfig({ MAIL_FROM: from }).delivery.mailFrom).toBe(from);
    for (const bad of ["Acme Outdoor", "shop@localhost", "<shop@acme.test", "a@b.c\r\nBcc: x@y.z"])
      expect(() => loadConfig({ MAIL_FROM: bad }), bad).toThrow(/MAIL_FROM/);
  });

  it("reads case SLA hours per priority, and refuses a list that misses one", () => {
    expect(loadConfig({}).cases).toEqual({
      sla: {
        firstResponseHours: { urgent: 1, high: 4, normal: 24, low: 48 },
        resolutionHours: { urgent: 8, high: 24, normal: 72, low: 120 },
        atRiskPercent: 25,
      },
      deliveryAttemptsBeforeCase: 2,
    });
    const c = loadConfig({
      CASE_FIRST_RESPONSE_HOURS: "urgent:0.5,high:2,normal:8,low:24",
      CASE_DELIVERY_ATTEMPTS: "3",
    });
    expect(c.cases.sla.firstResponseHours).toEqual({ urgent: 0.5, high: 2, normal: 8, low: 24 });
    expect(c.cases.deliveryAttemptsBeforeCase).toBe(3);
    expect(() => loadConfig({ CASE_RESOLUTION_HOURS: "urgent:8,high:24" })).toThrow(/CASE_RESOLUTION_HOURS/);
    expect(() => loadConfig({ CASE_DELIVERY_ATTEMPTS: "0" })).toThrow(/CASE_DELIVERY_ATTEMPTS/);
  });
});
