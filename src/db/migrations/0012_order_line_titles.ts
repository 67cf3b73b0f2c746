import { type Kysely, sql } from "kysely";

// Order lines keep what the customer bought by name: the product's title and the variant's
// (null when the catalog only calls it "Default"), as they were at capture. `title` stays, for
// integrations that read it, and becomes the display name: "Product — Variant".
//
// Existing lines: their `title` was the variant's title at capture, so it becomes
// `variant_title`; the product title comes from the catalog (products are archived, never
// deleted, so every SKU still finds its product). Portable SQL: both dialects run the same.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("order_lines")
    .addColumn("product_title", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.alterTable("order_lines").addColumn("variant_title", "text").execute();

  await sql`
    update order_lines set
      variant_title = case
        when lower(trim(title)) in ('', 'default', 'default title') then null
        else title
      end,
      product_title = coalesce(
        (select p.title from variants v join products p on p.id = v.product_id where v.sku = order_lines.sku),
        ''
      )`.execute(db);
  await sql`
    update order_lines set title = case
        when variant_title is null or lower(variant_title) = lower(product_title) then product_title
        else product_title || ' — ' || variant_title
      end
    where product_title <> ''`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // `title` goes back to being the variant's title.
  await sql`update order_lines set title = coalesce(variant_title, 'Default') where product_title <> ''`.execute(
    db,
  );
  await db.schema.alterTable("order_lines").dropColumn("variant_title").execute();
  await db.schema.alterTable("order_lines").dropColumn("product_title").execute();
}
