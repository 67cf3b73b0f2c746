import { describe, expect, it } from "vitest";
import { deliveryOf, feedbackDueAt, feedbackStats, feedbackSummary } from "../../src/domain/feedback.js";
import { messageData, renderCustomerEmail, templateFor } from "../../src/modules/notifications/templates.js";

const NOW = new Date("2026-12-04T12:00:00.000Z");

describe("when a feedback survey is due", () => {
  it("is the delivery plus the delay in days, and never when surveys are off", () => {
    expect(feedbackDueAt("2026-12-01T09:30:00.000Z", 3, NOW)).toBe("2026-12-04T09:30:00.000Z");
    expect(feedbackDueAt("2026-12-01T09:30:00Z", 1, NOW)).toBe("2026-12-02T09:30:00.000Z");
    expect(feedbackDueAt("2026-12-01T09:30:00.000Z", 0, NOW)).toBeNull();
  });

  it("counts a delivery reported in the future (or unreadable) from now", () => {
    expect(feedbackDueAt("2030-01-01T00:00:00.000Z", 3, NOW)).toBe("2026-12-07T12:00:00.000Z");
    expect(feedbackDueAt("not a date", 2, NOW)).toBe("2026-12-06T12:00:00.000Z");
  });
});

describe("where and when an order was delivered", () => {
  it("takes the last package's delivery and the location that sent most units", () => {
    const d = deliveryOf(
      [
        { location_id: "loc_a", delivered_at: "2026-12-01T10:00:00.000Z", units: 1 },
        { location_id: "loc_b", delivered_at: "2026-12-03T08:00:00.000Z", units: 2 },
        { location_id: "loc_a", delivered_at: "2026-12-02T10:00:00.000Z", units: 2 },
      ],
      NOW,
    );
    expect(d).toEqual({ delivered_at: "2026-12-03T08:00:00.000Z", location_id: "loc_a" });
  });

  it("keeps the first of equal locations, and falls back to now without packages", () => {
    expect(
      deliveryOf(
        [
          { location_id: "loc_b", delivered_at: null, units: 1 },
          { location_id: "loc_a", delivered_at: null, units: 1 },
        ],
        NOW,
      ),
    ).toEqual({ delivered_at: NOW.toISOString(), location_id: "loc_b" });
    expect(deliveryOf([], NOW)).toEqual({ delivered_at: NOW.toISOString(), location_id: null });
    // A carrier clock ahead of ours does not push the survey out.
    expect(
      deliveryOf([{ location_id: "loc_a", delivered_at: "2027-01-01T00:00:00.000Z", units: 1 }], NOW)
        .delivered_at,
    ).toBe(NOW.toISOString());
  });
});

describe("feedback statistics", () => {
  it("computes response rate, average, CSAT (share of 4–5) and the distribution", () => {
    const stats = feedbackStats([
      { score: null, count: 4 },
      { score: 5, count: 3 },
      { score: 4, count: 1 },
      { score: 2, count: 1 },
      { score: 1, count: 1 },
    ]);
    expect(stats).toEqual({
      sent: 10,
      answered: 6,
      response_rate_percent: 60,
      average_score: 3.67, // (3 × 5 + 4 + 2 + 1) / 6
      csat_percent: 66.7,
      distribution: { "1": 1, "2": 1, "3": 0, "4": 1, "5": 3 },
    });
  });

  it("says null, not 0 or NaN, where there is nothing to divide", () => {
    expect(feedbackStats([])).toMatchObject({
      sent: 0,
      answered: 0,
      response_rate_percent: null,
      average_score: null,
      csat_percent: null,
    });
    expect(feedbackStats([{ score: null, count: 2 }])).toMatchObject({
      sent: 2,
      response_rate_percent: 0,
      average_score: null,
      csat_percent: null,
    });
  });

  it("summarises per group, most surveys first, with the total across groups", () => {
    const s = feedbackSummary([
      { key: "chn_web", score: 5, count: 1 },
      { key: "chn_pos", score: 3, count: 2 },
      { key: "chn_pos", score: null, count: 1 },
      { key: "chn_web", score: 4, count: 1 },
      { key: null, score: 1, count: 1 },
    ]);
    expect(s.groups.map((g) => [g.key, g.sent, g.answered, g.average_score, g.csat_percent])).toEqual([
      ["chn_pos", 3, 2, 3, 0],
      ["chn_web", 2, 2, 4.5, 100],
      [null, 1, 1, 1, 0],
    ]);
    expect(s.total).toMatchObject({
      sent: 6,
      answered: 5,
      response_rate_percent: 83.3,
      average_score: 3.2,
      csat_percent: 40,
      distribution: { "1": 1, "2": 0, "3": 2, "4": 1, "5": 1 },
    });
  });
});

describe("the survey e-mail", () => {
  const brand = { merchant_name: "Acme", logo_url: null, brand_color: "#123456", support_email: null };
  const data = {
    id: "fbk_1",
    number: 10042,
    email: "ann@example.com",
    customer_name: "Ann Lee",
    survey_url: "https://shop.test/feedback/tok123",
  };

  it("is what feedback.requested sends, with the survey as its one link", () => {
    expect(templateFor("feedback.requested", data)).toBe("feedback_request");
    const m = messageData(data)!;
    const mail = renderCustomerEmail("feedback_request", m, {
      ...brand,
      portal_url: "https://shop.test/track",
    });
    expect(mail.subject).toBe("How was your order #10042? — Acme");
    expect(mail.text).toContain("Hello Ann Lee,");
    expect(mail.text).toContain("Rate your order: https://shop.test/feedback/tok123");
    expect(mail.text).not.toContain("/track");
    expect(mail.html).toContain('href="https://shop.test/feedback/tok123"');
    expect(mail.html.match(/href=/g)).toHaveLength(1);
  });

  it("speaks German to a German customer, and drops a link that is not http(s)", () => {
    const de = renderCustomerEmail("feedback_request", messageData({ ...data, locale: "de-DE" })!, brand);
    expect(de.subject).toBe("Wie war Ihre Bestellung #10042? — Acme");
    expect(de.text).toContain("Bestellung bewerten: https://shop.test/feedback/tok123");
    const bad = renderCustomerEmail(
      "feedback_request",
      messageData({ ...data, survey_url: "javascript:alert(1)" })!,
      brand,
    );
    expect(bad.html).not.toContain("javascript:");
  });
});
