import { monotonicFactory } from "ulid";

const nextUlid = monotonicFactory();

/** Resource prefixes; an id reads as its type (`ord_01J…`) and sorts by creation time. */
export const ID_PREFIXES = {
  user: "usr",
  session: "ses",
  apiKey: "key",
  audit: "aud",
  product: "prod",
  variant: "var",
  channel: "chn",
  priceList: "pl",
  price: "pri",
  catalogImport: "imp",
  location: "loc",
  movement: "mov",
  transfer: "tr",
  purchaseOrder: "po",
  customer: "cus",
  address: "adr",
  order: "ord",
  orderLine: "ol",
  hold: "hld",
  fulfillmentOrder: "fo",
  sourcingRule: "srule",
  sourcingDecision: "sdec",
  event: "evt",
  webhookEndpoint: "whe",
  webhookDelivery: "whd",
  webhookAttempt: "wha",
  notification: "ntf",
  promo: "promo",
  taxRate: "tax",
  orderEvent: "oev",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${nextUlid()}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
