// The catalog CSV format: one row per variant (SKU), grouped into products by `handle`.
// Pure parsing and validation of one row; the importer adds what needs the database.
import { gtinMessage } from "./gtin.js";

export const CATALOG_COLUMNS = [
  "handle",
  "title",
  "description",
  "vendor",
  "product_type",
  "tags",
  "sku",
  "variant_title",
  "option1_name",
  "option1_value",
  "option2_name",
  "option2_value",
  "option3_name",
  "option3_value",
  "barcode",
  "weight_grams",
  "length_mm",
  "width_mm",
  "height_mm",
  "track_inventory",
  "backorder_policy",
  "available_from",
  "components",
  "price",
  "price_tiers",
  "status",
] as const;

export type CatalogColumn = (typeof CATALOG_COLUMNS)[number];
const REQUIRED: CatalogColumn[] = ["handle", "sku"];

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface CatalogRow {
  line: number;
  handle: string;
  title?: string;
  description?: string;
  vendor?: string;
  product_type?: string;
  tags?: string[];
  sku: string;
  variant_title?: string;
  options?: Record<string, string>;
  barcode?: string;
  weight_grams?: number;
  length_mm?: number;
  width_mm?: number;
  height_mm?: number;
  track_inventory?: boolean;
  backorder_policy?: "deny" | "allow" | "preorder";
  available_from?: string;
  components?: Array<{ sku: string; quantity: number }>;
  /** Minor units */
  price?: number;
  price_tiers?: Array<{ min_quantity: number; amount: number }>;
  status?: "active" | "archived";
}

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.\-/+#]{0,63}$/;
export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** Header names normalised (trimmed, lower case); problems for unknown, repeated or missing columns. */
export function checkHeader(header: readonly string[]): { columns: string[]; errors: RowError[] } {
  const columns = header.map((h) => h.trim().toLowerCase());
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    if (!(CATALOG_COLUMNS as readonly string[]).includes(c))
      errors.push({
        line: 1,
        field: c || "(empty)",
        message: `Unknown column; known: ${CATALOG_COLUMNS.join(", ")}`,
      });
    else if (seen.has(c)) errors.push({ line: 1, field: c, message: "Column appears twice" });
    seen.add(c);
  }
  for (const r of REQUIRED)
    if (!seen.has(r)) errors.push({ line: 1, field: r, message: "Required column missing" });
  return { columns, errors };
}

/** A decimal amount in major units (`24.99`) as integer minor units, or null when malformed. */
export function parseMoney(text: string, digits: number): number | null {
  const m = /^(\d{1,13})(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? "";
  if (fraction.length > digits) return null;
  return Number(m[1]) * 10 ** digits + (fraction ? Number(fraction.padEnd(digits, "0")) : 0);
}

const TRUE = new Set(["true", "yes", "y", "1"]);
const FALSE = new Set(["false", "no", "n", "0"]);

function wholeNumber(text: string, max: number): number | null {
  if (!/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n <= max ? n : null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isoDate(text: string): string | null {
  if (!DATE.test(text) && !DATE_TIME.test(text)) return null;
  const t = Date.parse(text);
  if (Number.isNaN(t)) return null;
  // 2026-02-31 parses to March: refuse dates that do not round-trip.
  if (DATE.test(text) && new Date(t).toISOString().slice(0, 10) !== text) return null;
  return new Date(t).toISOString();
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Parses one data row (fields keyed by column); empty cells are "not given". */
export function parseCatalogRow(
  fields: Readonly<Record<string, string>>,
  line: number,
  currencyDigits: number,
): { row: CatalogRow | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const err = (field: string, message: string) => errors.push({ line, field, message });
  const get = (c: CatalogColumn): string | undefined => {
    const v = fields[c];
    return v === undefined || v === "" ? undefined : v;
  };
  const textField = (c: CatalogColumn, max: number): string | undefined => {
    const v = get(c);
    if (v === undefined) return undefined;
    if (v.length > max) err(c, `At most ${max} characters`);
    else if (CONTROL.test(v)) err(c, "Must not contain control characters");
    return v;
  };

  const handle = get("handle");
  if (!handle) err("handle", "Required");
  else if (!HANDLE_PATTERN.test(handle)) err("handle", "Lower-case letters, digits and dashes, up to 100");
  const sku = get("sku");
  if (!sku) err("sku", "Required");
  else if (!SKU_PATTERN.test(sku))
    err("sku", "Use 1-64 letters, digits or _ . - / + #, starting with a letter or digit");

  const row: CatalogRow = { line, handle: handle ?? "", sku: sku ?? "" };
  const title = textField("title", 200);
  if (title !== undefined) row.title = title;
  const description = textField("description", 5000);
  if (description !== undefined) row.description = description;
  const vendor = textField("vendor", 120);
  if (vendor !== undefined) row.vendor = vendor;
  const productType = textField("product_type", 120);
  if (productType !== undefined) row.product_type = productType;
  const tags = textField("tags", 2000);
  if (tags !== undefined)
    row.tags = tags
      .split(";")
      .map((t) => t.trim())
      .filter(Boolean);
  const variantTitle = textField("variant_title", 200);
  if (variantTitle !== undefined) row.variant_title = variantTitle;

  const options: Record<string, string> = {};
  for (const i of [1, 2, 3] as const) {
    const name = textField(`option${i}_name`, 40);
    const value = textField(`option${i}_value`, 100);
    if (name === undefined && value === undefined) continue;
    if (name === undefined) err(`option${i}_name`, `Required when option${i}_value is given`);
    else if (value === undefined) err(`option${i}_value`, `Required when option${i}_name is given`);
    else if (name in options) err(`option${i}_name`, `Option ${name} appears twice`);
    else options[name] = value;
  }
  if (Object.keys(options).length) row.options = options;

  const barcode = get("barcode");
  if (barcode !== undefined) {
    const problem = gtinMessage(barcode);
    if (problem) err("barcode", problem);
    else row.barcode = barcode;
  }

  for (const [c, max] of [
    ["weight_grams", 10_000_000],
    ["length_mm", 100_000],
    ["width_mm", 100_000],
    ["height_mm", 100_000],
  ] as const) {
    const v = get(c);
    if (v === undefined) continue;
    const n = wholeNumber(v, max);
    if (n === null) err(c, `A whole number from 0 to ${max}`);
    else row[c] = n;
  }

  const track = get("track_inventory");
  if (track !== undefined) {
    const t = track.toLowerCase();
    if (TRUE.has(t)) row.track_inventory = true;
    else if (FALSE.has(t)) row.track_inventory = false;
    else err("track_inventory", "true or false");
  }

  const policy = get("backorder_policy");
  if (policy !== undefined) {
    if (policy === "deny" || policy === "allow" || policy === "preorder") row.backorder_policy = policy;
    else err("backorder_policy", "One of deny, allow, preorder");
  }
  const availableFrom = get("available_from");
  if (availableFrom !== undefined) {
    const d = isoDate(availableFrom);
    if (d === null) err("available_from", "A date (2026-12-01) or ISO 8601 date-time with offset");
    else row.available_from = d;
  }
  if (row.backorder_policy === "preorder" && !availableFrom)
    err("available_from", "A preorder needs available_from");

  const components = get("components");
  if (components !== undefined) {
    const parts: Array<{ sku: string; quantity: number }> = [];
    for (const item of components.split(";")) {
      const m = /^\s*([^:\s]+)\s*(?::\s*(\S+)\s*)?$/.exec(item);
      const quantity = m ? (m[2] === undefined ? 1 : wholeNumber(m[2], 10_000)) : null;
      if (!m || !SKU_PATTERN.test(m[1]!)) {
        err("components", `"${item.trim()}" is not SKU:quantity`);
      } else if (quantity === null || quantity < 1) {
        err("components", `Quantity of ${m[1]} must be a whole number of at least 1`);
      } else if (parts.some((p) => p.sku === m[1])) {
        err("components", `${m[1]} appears twice`);
      } else if (m[1] === sku) {
        err("components", "A kit cannot contain itself");
      } else parts.push({ sku: m[1]!, quantity });
    }
    if (parts.length > 100) err("components", "At most 100 components");
    row.components = parts;
  }

  const price = get("price");
  if (price !== undefined) {
    const amount = parseMoney(price, currencyDigits);
    if (amount === null)
      err("price", `A decimal amount with at most ${currencyDigits} decimals, such as 24.99`);
    else row.price = amount;
  }
  const tiers = get("price_tiers");
  if (tiers !== undefined) {
    if (price === undefined) err("price_tiers", "Give the base price too");
    const list: Array<{ min_quantity: number; amount: number }> = [];
    for (const item of tiers.split(";")) {
      const m = /^\s*(\d+)\s*:\s*(\S+)\s*$/.exec(item);
      const min = m ? wholeNumber(m[1]!, 1_000_000_000) : null;
      const amount = m ? parseMoney(m[2]!, currencyDigits) : null;
      if (min === null || min < 2 || amount === null)
        err("price_tiers", `"${item.trim()}" is not min_quantity:price with min_quantity of at least 2`);
      else if (list.some((t) => t.min_quantity === min)) err("price_tiers", `Tier ${min} appears twice`);
      else list.push({ min_quantity: min, amount });
    }
    row.price_tiers = list;
  }

  const status = get("status");
  if (status !== undefined) {
    if (status === "active" || status === "archived") row.status = status;
    else err("status", "active or archived");
  }
  return { row: errors.length ? null : row, errors };
}

/** Integer minor units as a decimal in major units (`2400`, 2 → `24.00`): parseMoney's inverse. */
export function formatMoney(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(digits + 1, "0");
  return `${minor < 0 ? "-" : ""}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** A variant as the export writes it: everything a catalog row can say about it. */
export interface ExportedVariant {
  handle: string;
  title: string;
  description: string | null;
  vendor: string | null;
  product_type: string | null;
  tags: readonly string[];
  sku: string;
  variant_title: string;
  options: Readonly<Record<string, string>>;
  barcode: string | null;
  weight_grams: number;
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
  track_inventory: boolean;
  backorder_policy: "deny" | "allow" | "preorder";
  available_from: string | null;
  components: ReadonlyArray<{ sku: string; quantity: number }>;
  /** Prices in the exported price list (minor units), by minimum quantity; none when not priced. */
  prices: ReadonlyArray<{ min_quantity: number; amount: number }>;
  status: "active" | "archived";
}

/**
 * One CSV row, in CATALOG_COLUMNS order, that parseCatalogRow reads back as the same variant:
 * an export imported again changes nothing. Empty cells are "not given".
 */
export function catalogCsvRow(v: ExportedVariant, currencyDigits: number): string[] {
  const options = Object.entries(v.options).slice(0, 3);
  const base = v.prices.find((p) => p.min_quantity === 1);
  const tiers = v.prices.filter((p) => p.min_quantity > 1).sort((a, b) => a.min_quantity - b.min_quantity);
  const cells: Record<CatalogColumn, string> = {
    handle: v.handle,
    title: v.title,
    description: v.description ?? "",
    vendor: v.vendor ?? "",
    product_type: v.product_type ?? "",
    tags: v.tags.join(";"),
    sku: v.sku,
    variant_title: v.variant_title,
    option1_name: options[0]?.[0] ?? "",
    option1_value: options[0]?.[1] ?? "",
    option2_name: options[1]?.[0] ?? "",
    option2_value: options[1]?.[1] ?? "",
    option3_name: options[2]?.[0] ?? "",
    option3_value: options[2]?.[1] ?? "",
    barcode: v.barcode ?? "",
    weight_grams: String(v.weight_grams),
    length_mm: v.length_mm === null ? "" : String(v.length_mm),
    width_mm: v.width_mm === null ? "" : String(v.width_mm),
    height_mm: v.height_mm === null ? "" : String(v.height_mm),
    track_inventory: v.track_inventory ? "true" : "false",
    backorder_policy: v.backorder_policy,
    available_from: v.available_from ?? "",
    components: v.components.map((c) => `${c.sku}:${c.quantity}`).join(";"),
    price: base ? formatMoney(base.amount, currencyDigits) : "",
    price_tiers: base
      ? tiers.map((t) => `${t.min_quantity}:${formatMoney(t.amount, currencyDigits)}`).join(";")
      : "",
    status: v.status,
  };
  return CATALOG_COLUMNS.map((c) => cells[c]);
}
