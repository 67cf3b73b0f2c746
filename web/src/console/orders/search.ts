export type SearchKind = "auto" | "number" | "email" | "name" | "sku";

/**
 * What the one search box means: `#1042` or digits → order number, anything with `@` → e-mail,
 * an upper-case code with a digit or dash (`TEE-BLA-M`) → SKU, otherwise a customer name prefix.
 */
export function detectKind(text: string): Exclude<SearchKind, "auto"> | null {
  const t = text.trim();
  if (!t) return null;
  if (/^#?\d+$/.test(t)) return "number";
  if (t.includes("@")) return "email";
  if (/^[A-Z0-9][A-Z0-9._\-/]*$/.test(t) && /[\d\-_./]/.test(t)) return "sku";
  return "name";
}

export interface SearchFilter {
  number?: number;
  email?: string;
  name?: string;
  sku?: string;
}

export function searchQuery(text: string, kind: SearchKind): SearchFilter {
  const t = text.trim();
  const k = kind === "auto" ? detectKind(t) : kind;
  if (!t || !k) return {};
  if (k === "number") {
    const n = Number(t.replace(/^#/, ""));
    return Number.isSafeInteger(n) ? { number: n } : { number: -1 };
  }
  if (k === "email") return { email: t };
  if (k === "sku") return { sku: t };
  return { name: t };
}
