// Feedback in a real browser: an order is delivered (through the API, four days ago), the
// dispatcher sends its survey; the customer opens the link, answers with the keyboard only; the
// console's Feedback page shows the answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from "../../src/seed/demo.js";
import { boxes, orderWithFo, stocked } from "../integration/shipping-fixtures.js";
import { network, ok, uniq } from "../integration/sourcing-fixtures.js";
import { waitFor } from "../integration/webhooks-receiver.js";
import { type E2E, screenshot, signIn, startE2E, textOf, unlabelledControls } from "./browser.js";

describe("feedback in a real browser", () => {
  let e: E2E;
  let surveyPath: string;
  let orderNumber: number;
  beforeAll(async () => {
    e = await startE2E({ env: { DISPATCH_INTERVAL_MS: "50", FEEDBACK_DELAY_DAYS: "3" } });
    const { t } = e;
    const net = await network(t);
    await boxes(t, net.east);
    const sku = uniq("E2E-FB");
    await stocked(t, net, sku, net.east, 3);
    const { order, fo } = await orderWithFo(t, net, [{ sku, quantity: 1 }], { email: "kim@example.com" });
    orderNumber = order.number;
    const accepted = ok(await t.admin.post(`/v1/fulfillment_orders/${fo.id}/accept`, {}));
    const lines = accepted.lines.map((l: any) => ({
      order_line_id: l.order_line_id,
      sku: l.sku,
      quantity: 1,
    }));
    const box = ok(await t.admin.post(`/v1/fulfillment_orders/${fo.id}/shipments`, { lines }), 201);
    ok(await t.admin.post(`/v1/shipments/${box.id}/label`, {}));
    ok(await t.admin.post(`/v1/shipments/${box.id}/ship`, {}));
    ok(
      await t.admin.post(`/v1/shipments/${box.id}/tracking_events`, {
        status: "delivered",
        happened_at: new Date(Date.now() - 4 * 86_400_000).toISOString(),
      }),
    );
    // The survey link as the dispatcher sent it (no SMTP here: the message is kept, the event is real).
    const event = await waitFor("the survey event", async () => {
      const events = ok(await t.admin.get("/v1/events?type=feedback.requested")).data;
      return events.find((ev: any) => ev.data.order_id === order.id);
    });
    surveyPath = new URL(event.data.survey_url).pathname;
  });
  afterAll(async () => {
    await e?.close();
  });

  it("lets the customer answer with the keyboard, then shows it in the console", async () => {
    const { page } = e;
    await page.goto(surveyPath);
    await page.getByRole("heading", { name: `How was your order #${orderNumber}?` }).waitFor();
    const scores = page.getByRole("radio");
    expect(await scores.count()).toBe(5);
    await page.getByRole("radio", { name: "4 Happy" }).waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "feedback-01-survey");

    // Sending without a score says what is missing.
    await page.getByRole("button", { name: "Send feedback" }).click();
    expect(await textOf(page.getByRole("alert"))).toBe("Choose a score from 1 to 5.");

    // Keyboard only: focus the first score, arrow to the fourth, tab to the comment, submit.
    await page.getByRole("radio", { name: "1 Very unhappy" }).focus();
    await page.keyboard.press("Space");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    expect(await page.getByRole("radio", { name: "4 Happy" }).isChecked()).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Quick delivery, box a bit dented.");
    await screenshot(page, "feedback-02-filled");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect(await textOf(page.getByRole("status"))).toContain("Thank you!");
    await screenshot(page, "feedback-03-thanks");

    // Opening the link again: already answered.
    await page.reload();
    expect(await textOf(page.getByTestId("feedback-thanks"))).toContain("already been answered");

    await signIn(page, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Feedback" })
      .click();
    await page.getByRole("heading", { name: "Feedback", level: 1 }).waitFor();
    const summary = page.getByTestId("feedback-summary");
    const row = summary.getByRole("row").filter({ hasText: "Web" });
    expect(await textOf(row)).toMatch(/1\s+1\s+100\.0 %\s+4\.00\s+100\.0 %/);
    const answer = page.getByRole("row").filter({ hasText: "Quick delivery, box a bit dented." });
    expect(await textOf(answer)).toContain(`#${orderNumber}`);
    expect(await textOf(answer)).toContain("4 / 5");
    await page.locator("label", { hasText: "Per location" }).click();
    await summary.getByRole("row").filter({ hasText: "East DC" }).waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "feedback-04-console");
  });
});
