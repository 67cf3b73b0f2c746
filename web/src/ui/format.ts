const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer minor units + ISO 4217 currency → "$1,234.50". */
export function money(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined) return "—";
  const code = currency ?? "USD";
  let f = moneyFormats.get(code);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: "currency", currency: code });
    moneyFormats.set(code, f);
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function day(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

export function humanize(value: string | null | undefined): string {
  if (!value) return "—";
  return value.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

const STATUS_COLORS: Record<string, string> = {
  open: "blue",
  pending: "gray",
  draft: "gray",
  confirmed: "blue",
  processing: "indigo",
  on_hold: "orange",
  held: "orange",
  active: "orange",
  partially_fulfilled: "cyan",
  fulfilled: "teal",
  shipped: "teal",
  in_transit: "cyan",
  delivered: "green",
  completed: "green",
  closed: "green",
  received: "green",
  released: "gray",
  cancelled: "red",
  canceled: "red",
  failed: "red",
  dead: "red",
  backordered: "yellow",
  succeeded: "green",
  delivered_ok: "green",
};

export function statusColor(status: string | null | undefined): string {
  return (status && STATUS_COLORS[status]) || "gray";
}
