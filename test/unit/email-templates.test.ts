import { describe, expect, it } from "vitest";
import {
  formatMoney,
  messageData,
  renderCustomerEmail,
  templateFor,
} from "../../src/modules/notifications/templates.js";

const brand = {
  merchant_name: "Acme <Shop>",
  logo_url: null,
  brand_color: "#ff0000",
  support_email: "help@acme.test",
};
const order = {
  id: "ord_1",
  number: "10042",
  status: "confirmed",
  customer: { email: "ann@example.com", first_name: "Ann", last_name: "Lee", locale: "de-DE" },
  lines: [{ sku: "TSHIRT-M", title: "T-Shirt <M>", quantity: 2 }],
  totals: { total: 4598, currency: "EUR" },
};

describe("customer e-mail templates", () => {
  it("reads the documented minimal shape, nested under `order` too", () => {
    const m = messageData(order)!;
    expect(m).toMatchObject({
      email: "ann@example.com",
      name: "Ann Lee",
      locale: "de",
      number: "10042",
      total: 4598,
    });
    const shipped = messageData({
      id: "fo_1",
      tracking: { url: "https://track.example/ZX1", number: "ZX1" },
      order,
    })!;
    expect(shipped).toMatchObject({
      email: "ann@example.com",
      tracking_url: "https://track.example/ZX1",
      number: "10042",
    });
    expect(messageData({ number: "1" })).toBeNull();
    expect(messageData({ email: "not-an-address" })).toBeNull();
  });

  it("chooses the template by event, and sends no confirmation for a draft", () => {
    expect(templateFor("order.created", order)).toBe("order_confirmed");
    expect(templateFor("order.created", { ...order, status: "draft" })).toBeNull();
    // One shipped message per package (with its tracking), not one more for the order as a whole.
    expect(templateFor("shipment.created", {})).toBe("order_shipped");
    expect(templateFor("order.shipped", order)).toBeNull();
    expect(templateFor("shipment.delayed", {})).toBe("order_delayed");
    expect(templateFor("shipment.ready_for_pickup", {})).toBe("order_ready_for_pickup");
    expect(templateFor("order.updated", order)).toBeNull();
  });

  it("renders HTML and text in the customer's language, escaped, with the merchant's branding", () => {
    const m = messageData(order)!;
    const mail = renderCustomerEmail("order_confirmed", m, brand);
    expect(mail.subject).toBe("Ihre Bestellung #10042 ist bestätigt — Acme <Shop>");
    expect(mail.text).toContain("2 × T-Shirt <M> (TSHIRT-M)");
    expect(mail.text).toContain("45,98");
    expect(mail.html).toContain("T-Shirt &lt;M&gt;");
    expect(mail.html).toContain("Acme &lt;Shop&gt;");
    expect(mail.html).not.toContain("<Shop>");
    expect(mail.html).toContain("#ff0000");
    expect(mail.html).toContain('lang="de"');
  });

  it("puts the tracking link in shipped messages and refuses non-http links", () => {
    const m = messageData({
      order: { ...order, customer: { ...order.customer, locale: "en" } },
      tracking_url: "https://track.example/ZX1",
    })!;
    const mail = renderCustomerEmail("order_shipped", m, brand);
    expect(mail.subject).toBe("Your order #10042 is on its way — Acme <Shop>");
    expect(mail.text).toContain("Track your package: https://track.example/ZX1");
    expect(mail.html).toContain('href="https://track.example/ZX1"');
    const evil = renderCustomerEmail("order_shipped", { ...m, tracking_url: "javascript:alert(1)" }, brand);
    expect(evil.html).not.toContain("javascript:");
  });

  it("formats money in minor units per currency", () => {
    expect(formatMoney(1250, "USD", "en")).toBe("$12.50");
    expect(formatMoney(1250, "JPY", "en")).toBe("¥1,250");
  });
});

describe("link to the tracking portal", () => {
  it("links order messages to /track with the order number and e-mail, in text and HTML", () => {
    const m = messageData(order)!;
    const mail = renderCustomerEmail("order_confirmed", m, {
      ...brand,
      portal_url: "https://shop.example/track",
    });
    const url = "https://shop.example/track?number=10042&email=ann%40example.com";
    expect(mail.text).toContain(`Bestellung ansehen: ${url}`);
    expect(mail.html).toContain(`href="${url.replace(/&/g, "&amp;")}"`);
    const without = renderCustomerEmail("order_confirmed", m, brand);
    expect(without.text).not.toContain("/track");
  });
});
