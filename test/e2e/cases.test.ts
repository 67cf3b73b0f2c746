// Customer-service cases in a real browser: a customer writes from the tracking page, an agent
// finds the case in the console queue, notes, replies, takes it and waits for the customer, and
// the customer sees the reply but never the note.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from "../../src/seed/demo.js";
import { type E2E, screenshot, signIn, startE2E, textOf, unlabelledControls } from "./browser.js";

describe("cases in a real browser", () => {
  let e: E2E;
  let order: { id: string; number: number; email: string };
  beforeAll(async () => {
    e = await startE2E();
    const orders = await e.t.admin.get("/v1/orders?status=open&limit=1");
    order = orders.body.data[0];
  });
  afterAll(async () => {
    await e?.close();
  });

  it("goes from the portal's contact form to the console's queue and back", async () => {
    const { page } = e;
    // The customer, on the tracking page, asks about the order.
    await page.goto(`/track?number=${order.number}&email=${encodeURIComponent(order.email)}`);
    const contact = page.getByTestId("contact-us");
    await contact.waitFor();
    await contact.getByRole("textbox", { name: "Your message" }).fill("My parcel has not moved for days.");
    await contact.getByRole("button", { name: "Send" }).click();
    const thanks = await textOf(contact.getByRole("status"));
    const reference = /CS-\d+/.exec(thanks)?.[0] as string;
    expect(reference).toBeTruthy();
    await contact.getByTestId(`portal-case-${reference}`).waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "cases-01-portal-contact");

    // The agent finds it in the queue, with its SLA.
    await signIn(page, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Cases" })
      .click();
    await page.getByRole("heading", { name: "Cases" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: reference });
    expect(await textOf(row.getByTestId("sla-badge"))).toMatch(/^reply due in/i);
    await screenshot(page, "cases-02-queue");
    await row.getByRole("link", { name: reference }).click();
    await page.getByTestId("case-messages").getByText("My parcel has not moved for days.").waitFor();

    // A note for colleagues, then a reply to the customer: the case is open, its first response met.
    await page.locator("label", { hasText: "Internal note" }).click();
    await page.getByRole("textbox", { name: "Internal note" }).fill("Carrier portal shows a scan in Newark.");
    await page.getByRole("button", { name: "Add note" }).click();
    await page.getByTestId("message-internal").waitFor();
    expect((await textOf(page.getByTestId("case-status"))).toLowerCase()).toBe("new");
    await page.locator("label", { hasText: "Reply to customer" }).click();
    await page
      .getByRole("textbox", { name: "Reply" })
      .fill("It is on its way: the carrier scanned it yesterday.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByTestId("case-messages").getByText("It is on its way").waitFor();
    await page.getByTestId("case-status").getByText("Open").waitFor();
    await page.getByRole("button", { name: "Assign to me" }).click();
    await page.getByRole("button", { name: "Unassign" }).waitFor();
    await page.getByTestId("case-action-await_customer").click();
    await page.getByTestId("case-status").getByText("Awaiting customer").waitFor();
    expect(await textOf(page.getByTestId("case-sla"))).toMatch(/First response[\s\S]*met/i);
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "cases-03-detail");

    // Back on the portal: the reply, not the note.
    await page.goto(`/track?number=${order.number}&email=${encodeURIComponent(order.email)}`);
    const thread = page.getByTestId(`portal-case-${reference}`);
    await thread.getByText("It is on its way").waitFor();
    expect((await textOf(thread)).toLowerCase()).toContain("waiting for your reply");
    expect(await textOf(thread)).not.toContain("Newark");
    await screenshot(page, "cases-04-portal-reply");
  });
});
