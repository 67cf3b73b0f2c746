import { randomFillSync } from "node:crypto";

// ULIDs (48-bit millisecond time + 80 random bits, Crockford base32, 26 chars), monotonic within
// a process like ulid's monotonicFactory: the first id of a millisecond takes 80 fresh random
// bits, later ids in the same millisecond increment them, so ids sort by creation and stay
// unique across processes. Random bytes are drawn from the CSPRNG in bulk (one call per 4 KiB)
// rather than one call per id.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

/** 40 random bits as a safe integer. */
function random40(): number {
  if (poolAt + 5 > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const b = POOL;
  const i = poolAt;
  poolAt += 5;
  const low32 = ((b[i + 1]! << 24) | (b[i + 2]! << 16) | (b[i + 3]! << 8) | b[i + 4]!) >>> 0;
  return b[i]! * 2 ** 32 + low32;
}

/** Every 10-bit value as its two base32 digits. */
const PAIRS = Array.from({ length: 1024 }, (_, n) => CROCKFORD[n >> 5]! + CROCKFORD[n & 31]!);

/** A 40-bit value as 8 base32 digits. */
function base32x40(n: number): string {
  const high = Math.floor(n / 2 ** 20);
  const low = n % 2 ** 20;
  return PAIRS[high >> 10]! + PAIRS[high & 1023]! + PAIRS[low >> 10]! + PAIRS[low & 1023]!;
}

const TWO_40 = 2 ** 40;
let lastMs = -1;
let timePart = "";
let hi = 0;
let hiPart = "";
let lo = 0;

function nextUlid(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // 48 bits of time: 10 digits, the first two from the top 8 bits.
    timePart = PAIRS[Math.floor(now / 2 ** 40)]! + base32x40(now % TWO_40);
    hi = random40();
    hiPart = base32x40(hi);
    lo = random40();
  } else if (++lo === TWO_40) {
    // Same millisecond (or the clock stepped back): increment the 80-bit random part.
    lo = 0;
    if (++hi === TWO_40) throw new Error("ulid random part overflow within one millisecond");
    hiPart = base32x40(hi);
  }
  return timePart + hiPart + base32x40(lo);
}

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
  packageType: "pkt",
  shipment: "shp",
  shippingLabel: "lbl",
  trackingEvent: "tev",
  payment: "pay",
  paymentTransaction: "ptx",
  paymentWebhook: "pwh",
  return: "ret",
  storeCredit: "scr",
  case: "case",
  caseMessage: "cmsg",
  feedbackRequest: "fbk",
  forecastRun: "fcr",
  slotTemplate: "stpl",
  slotBooking: "bkg",
  schedulingResource: "res",
  routePlan: "rpl",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${nextUlid()}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
