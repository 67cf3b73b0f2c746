// Demo orders: a few hundred orders over the last 30 days across the demo channels, so the
// console and the dashboard have real numbers. Placed through the real capture path (pricing,
// stock, holds), then dated back; some are cancelled, partly cancelled or put on hold.
// Seeding again changes nothing (demo orders carry external references `demo-<n>`).
import { type Executor, inTransaction } from "../../db/transaction.js";
import { seedContext } from "../access/index.js";
import { listVariants } from "../catalog/index.js";
import { getChannelByCode } from "../channels/index.js";
import { createCustomer, findCustomerByEmail } from "../customers/index.js";
import { createPromoCode, promoCodeExists, upsertTaxRate } from "../promotions/index.js";
import { cancelOrder } from "./cancel.js";
import { captureOrder } from "./capture.js";
import { placeHold } from "./holds.js";
import type { CreateOrderInput } from "./schemas.js";

const ORDERS = 300;
/**
 * Demo customers live on a reserved name (RFC 2606 `.example`): no such mailbox can exist, and
 * the notification fan-out never sends to one, even for what staff later do to a demo order.
 */
const DEMO_MAIL_DOMAIN = "demo.example";
const DAY = 86_400_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  "Ava",
  "Liam",
  "Mia",
  "Noah",
  "Zoe",
  "Ethan",
  "Lena",
  "Omar",
  "Iris",
  "Mateo",
  "Nora",
  "Kai",
  "Sofia",
  "Jonas",
  "Priya",
  "Leo",
];
const LAST = [
  "Garcia",
  "Smith",
  "Nguyen",
  "Johnson",
  "Kim",
  "Brown",
  "Patel",
  "Lopez",
  "Martin",
  "Chen",
  "Okafor",
  "Rossi",
];
const ADDRESSES = [
  { line1: "350 5th Ave", city: "New York", region: "NY", postal_code: "10118" },
  { line1: "233 S Wacker Dr", city: "Chicago", region: "IL", postal_code: "60606" },
  { line1: "1 Dr Carlton B Goodlett Pl", city: "San Francisco", region: "CA", postal_code: "94102" },
  { line1: "400 Broad St", city: "Seattle", region: "WA", postal_code: "98109" },
  { line1: "1100 Congress Ave", city: "Austin", region: "TX", postal_code: "78701" },
  { line1: "100 Federal St", city: "Boston", region: "MA", postal_code: "02110" },
  { line1: "1 Peachtree St", city: "Atlanta", region: "GA", postal_code: "30303" },
  { line1: "1701 Wynkoop St", city: "Denver", region: "CO", postal_code: "80202" },
  { line1: "6801 Hollywood Blvd", city: "Los Angeles", region: "CA", postal_code: "90028" },
  { line1: "401 Biscayne Blvd", city: "Miami", region: "FL", postal_code: "33132" },
];
const TAX: Array<[string, number]> = [
  ["NY", 887],
  ["IL", 1025],
  ["CA", 725],
  ["WA", 650],
  ["TX", 625],
  ["MA", 625],
  ["GA", 400],
  ["CO", 290],
  ["FL", 600],
];

export async function seedOrdersDemo(db: Executor, log: (line: string) => void = () => {}): Promise<void> {
  const already = await db
    .selectFrom("orders")
    .select("id")
    .where("external_ref", "=", "demo-1")
    .executeTakeFirst();
  if (already) return;
  const ctx = seedContext();
  const channels = (
    await Promise.all(["web", "app", "pos", "call_center"].map((c) => getChannelByCode(db, c)))
  ).filter((c) => c !== null);
  if (!channels.length) return;
  const variants = (await listVariants(db, { status: "active", is_kit: "false" }, { limit: 500 })).data
    .filter((v) => !v.available_from)
    .map((v) => v.sku);
  if (!variants.length) return;

  for (const [region, rate] of TAX)
    await upsertTaxRate(db, ctx, { country: "US", region, rate_bps: rate, name: `US-${region}` });
  await upsertTaxRate(db, ctx, { country: "US", rate_bps: 0, name: "US (no state tax)" });
  if (!(await promoCodeExists(db, "WELCOME10")))
    await createPromoCode(db, ctx, { code: "WELCOME10", kind: "percentage", value: 1000 });
  if (!(await promoCodeExists(db, "SHIPFREE")))
    await createPromoCode(db, ctx, { code: "SHIPFREE", kind: "free_shipping", value: 0 });

  const rand = mulberry32(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const customers: Array<{ id: string }> = [];
  for (let i = 0; i < 40; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const email = `${first}.${last}.${i}@${DEMO_MAIL_DOMAIN}`.toLowerCase();
    const existing = await findCustomerByEmail(db, email);
    customers.push(
      existing ??
        (await createCustomer(db, ctx, {
          email,
          first_name: first,
          last_name: last,
          addresses: [
            {
              label: "home",
              address: { name: `${first} ${last}`, country: "US", ...ADDRESSES[i % ADDRESSES.length]! },
              is_default_shipping: true,
            },
          ],
        })),
    );
  }

  const now = Date.now();
  let placed = 0;
  let skipped = 0;
  for (let n = 1; n <= ORDERS; n++) {
    const channel = pick(channels);
    const at = new Date(now - Math.floor(rand() * 30 * DAY)).toISOString();
    const lineCount = 1 + Math.floor(rand() * 3);
    const skus = new Set<string>();
    while (skus.size < lineCount) skus.add(pick(variants));
    const addr = pick(ADDRESSES);
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    const customer = rand() < 0.5 ? pick(customers) : null;
    const pickup = channel.code === "pos";
    const input: CreateOrderInput = {
      channel: channel.code,
      external_ref: `demo-${n}`,
      ...(customer
        ? { customer_id: customer.id }
        : { email: `${name.replace(" ", ".").toLowerCase()}.${n}@${DEMO_MAIL_DOMAIN}` }),
      lines: [...skus].map((sku) => ({ sku, quantity: 1 + Math.floor(rand() * 2) })),
      requested_fulfillment: pickup ? "pickup" : "ship",
      ...(pickup
        ? { pickup_location_id: pick(channel.location_ids) }
        : { shipping_address: { name, country: "US", ...addr } }),
      ...(rand() < 0.15 ? { promo_code: rand() < 0.5 ? "WELCOME10" : "SHIPFREE" } : {}),
      ...(rand() < 0.1 ? { tags: ["gift"] } : {}),
    };
    try {
      const id = await inTransaction(db, async (tx) => {
        const { order } = await captureOrder(tx, ctx, input);
        const r = rand();
        if (r < 0.06) await cancelOrder(tx, ctx, order.id, { reason: "Customer changed their mind" });
        else if (r < 0.09 && order.lines.length > 1) {
          const line = order.lines[0]!;
          await cancelOrder(tx, ctx, order.id, {
            reason: "Out of stock at pick",
            lines: [{ line_id: line.id, quantity: 1 }],
          });
        } else if (r < 0.12 && !order.on_hold)
          await placeHold(tx, ctx, order.id, { type: "payment", reason: "Card authorization pending" });
        return order.id;
      });
      // Date the order and its history back to when it was "placed".
      await db
        .updateTable("orders")
        .set({ created_at: at, placed_at: at, updated_at: at })
        .where("id", "=", id)
        .execute();
      await db
        .updateTable("order_lines")
        .set({ created_at: at, updated_at: at })
        .where("order_id", "=", id)
        .execute();
      await db.updateTable("order_events").set({ created_at: at }).where("order_id", "=", id).execute();
      await db
        .updateTable("orders")
        .set({ cancelled_at: at })
        .where("id", "=", id)
        .where("cancelled_at", "is not", null)
        .execute();
      placed++;
    } catch {
      skipped++; // not enough stock for that combination: a real shop would have refused it too
    }
  }
  log(
    `demo orders: ${placed} orders over the last 30 days${skipped ? ` (${skipped} refused for stock)` : ""}`,
  );
}
