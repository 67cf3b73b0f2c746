// Customer e-mail: which events send which message, and the message itself (HTML and text),
// branded with the merchant's settings and in the customer's language where known. Pure code.
//
// The event `data` these templates read — the minimal shape every emitter should provide (an
// order, or a shipment/return/refund with the order under `order`):
//   { id, number, email | customer.email, customer_name? | customer?: { name | first_name + last_name, locale },
//     locale?, lines?: [{ sku, product_title? + variant_title? | title | name, quantity }],
//     totals?: { total | grand_total, currency? } | total | grand_total, currency,
//     tracking_url? | tracking?: { url, number, carrier }, tracking_number?, carrier?,
//     amount? + currency? (refunds), status? ("draft" orders get no confirmation) }

import { lineTitle, meaningfulVariantTitle } from "../../domain/line-title.js";

export type TemplateName =
  | "order_confirmed"
  | "order_shipped"
  | "order_out_for_delivery"
  | "order_delivered"
  | "order_delayed"
  | "order_ready_for_pickup"
  | "order_cancelled"
  | "return_approved"
  | "return_label"
  | "return_received"
  | "refund_issued"
  | "feedback_request"
  | "webhook_endpoint_disabled";

/** Event type → customer message. Several names are accepted where modules may differ. */
export const EVENT_TEMPLATES: Readonly<Record<string, TemplateName>> = {
  "order.created": "order_confirmed",
  // One message per package, with its tracking number (an order in two boxes gets two).
  "shipment.created": "order_shipped",
  "shipment.out_for_delivery": "order_out_for_delivery",
  "shipment.delayed": "order_delayed",
  "shipment.delivered": "order_delivered",
  "shipment.ready_for_pickup": "order_ready_for_pickup",
  "order.cancelled": "order_cancelled",
  "return.approved": "return_approved",
  "return.label_purchased": "return_label",
  "return.received": "return_received",
  "refund.issued": "refund_issued",
  // Some days after delivery (FEEDBACK_DELAY_DAYS): the survey's one link.
  "feedback.requested": "feedback_request",
  "webhook_endpoint.disabled": "webhook_endpoint_disabled",
};

export const LOCALES = ["en", "de", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

export interface Branding {
  merchant_name: string;
  logo_url: string | null;
  brand_color: string;
  support_email: string | null;
  /** The customer tracking portal (`PUBLIC_URL/track`); messages about an order link to it. */
  portal_url?: string | null;
}

export interface MessageLine {
  sku: string;
  title: string;
  quantity: number;
}

export interface MessageData {
  email: string;
  name: string | null;
  locale: Locale;
  order_id: string | null;
  number: string | null;
  lines: MessageLine[];
  total: number | null;
  currency: string | null;
  tracking_url: string | null;
  tracking_number: string | null;
  carrier: string | null;
  amount: number | null;
  /** A return label to print (the link opens it without signing in). */
  label_url: string | null;
  /** The package's current delivery estimate (YYYY-MM-DD). */
  eta: string | null;
  pickup_code: string | null;
  /** The feedback survey's link (`feedback.requested`). */
  survey_url?: string | null;
}

type Dict = Record<string, unknown>;
const obj = (v: unknown): Dict | null =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Dict) : null;
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function localeOf(raw: string | null): Locale {
  const lang = (raw ?? "en").toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(lang ?? "") ? (lang as Locale) : "en";
}

/** What a customer message needs from an event's data, or null when there is nobody to write to. */
export function messageData(data: unknown): MessageData | null {
  const d = obj(data) ?? {};
  const order = obj(d.order) ?? d;
  const customer = obj(d.customer) ?? obj(order.customer) ?? {};
  const email = str(d.email) ?? str(customer.email) ?? str(order.email);
  if (!email || !EMAIL.test(email)) return null;
  const first = str(customer.first_name);
  const last = str(customer.last_name);
  const name =
    str(customer.name) ??
    str(order.customer_name) ??
    (first || last ? [first, last].filter(Boolean).join(" ") : null);
  // A return's event lists what comes back as `items` (its `lines` are the return's own rows).
  const linesRaw = Array.isArray(d.items)
    ? d.items
    : Array.isArray(d.lines)
      ? d.lines
      : Array.isArray(order.lines)
        ? order.lines
        : [];
  const lines = linesRaw
    .map(obj)
    .filter((l): l is Dict => l !== null)
    .map((l) => ({
      sku: str(l.sku) ?? "",
      // "Product — Variant" from the line's own titles; a line without them (an older event, a
      // shipment's line) by its title, unless that is a placeholder such as "Default".
      title:
        lineTitle({ product_title: str(l.product_title), variant_title: str(l.variant_title) }) ||
        (meaningfulVariantTitle(str(l.title)) ?? str(l.name) ?? str(l.sku) ?? ""),
      quantity: num(l.quantity) ?? 1,
    }));
  const totals = obj(order.totals) ?? {};
  const tracking = obj(d.tracking) ?? obj(order.tracking) ?? {};
  const number = d.number ?? order.number;
  return {
    email,
    name,
    locale: localeOf(str(d.locale) ?? str(order.locale) ?? str(customer.locale)),
    order_id: str(order.id) ?? str(d.order_id),
    number: typeof number === "string" || typeof number === "number" ? String(number) : null,
    lines,
    total: num(totals.total) ?? num(totals.grand_total) ?? num(order.total) ?? num(order.grand_total),
    currency: str(totals.currency) ?? str(order.currency) ?? str(d.currency),
    tracking_url: str(d.tracking_url) ?? str(tracking.url) ?? str(order.tracking_url),
    tracking_number: str(d.tracking_number) ?? str(tracking.number),
    carrier: str(d.carrier) ?? str(tracking.carrier),
    amount: num(d.amount) ?? num(obj(d.refund)?.amount),
    label_url: str(d.label_url),
    eta: str(d.eta),
    pickup_code: str(d.pickup_code),
    survey_url: str(d.survey_url),
  };
}

/** Whether this event sends its message (a draft order is not confirmed yet). */
export function templateFor(type: string, data: unknown): TemplateName | null {
  const template = EVENT_TEMPLATES[type];
  if (!template) return null;
  const status = obj(data)?.status;
  if (template === "order_confirmed" && (status === "draft" || status === "pending_approval")) return null;
  return template;
}

const T: Record<Locale, Record<string, string>> = {
  en: {
    hello: "Hello {name},",
    helloAnon: "Hello,",
    order: "Order {number}",
    order_confirmed_subject: "Your order {number} is confirmed",
    order_confirmed_body:
      "Thank you for your order. We have received it and will let you know when it ships.",
    order_shipped_subject: "Your order {number} is on its way",
    order_shipped_body: "Good news: your order has shipped.",
    order_out_for_delivery_subject: "Your order {number} is out for delivery",
    order_out_for_delivery_body: "Your order is out for delivery and should arrive today.",
    order_delivered_subject: "Your order {number} has been delivered",
    order_delivered_body: "Your order has been delivered. We hope you enjoy it.",
    order_delayed_subject: "Your order {number} is delayed",
    order_delayed_body:
      "The carrier reports a delay. Your package is still on its way; the new estimate is {eta}.",
    order_ready_for_pickup_subject: "Your order {number} is ready for pickup",
    order_ready_for_pickup_body:
      "Your order is ready. Bring your order number and this pickup code (or an ID with your name).",
    pickup_code: "Pickup code",
    order_cancelled_subject: "Your order {number} has been cancelled",
    order_cancelled_body: "Your order has been cancelled. If you were charged, the amount will be refunded.",
    return_approved_subject: "Your return for order {number} is approved",
    return_approved_body:
      "We have approved your return. Pack the items securely; we will let you know when they arrive.",
    return_label_subject: "Your return label for order {number}",
    return_label_body:
      "Your return is approved. Print the label, stick it on the parcel and hand it to the carrier.",
    label: "Print the return label",
    return_received_subject: "We received your return for order {number}",
    return_received_body: "We have received your return and will process it shortly.",
    refund_issued_subject: "Your refund for order {number}",
    refund_issued_body: "We have issued your refund.",
    feedback_request_subject: "How was your order {number}?",
    feedback_request_body:
      "Your order was delivered. Would you tell us how it went? Rate it from 1 to 5 and add a comment if you like: it takes a minute, no sign-in needed.",
    survey: "Rate your order",
    track: "Track your package",
    view: "View your order",
    tracking: "Tracking number",
    items: "Items",
    total: "Total",
    refund: "Refund amount",
    questions: "Questions? Write to us at {email}.",
  },
  de: {
    hello: "Hallo {name},",
    helloAnon: "Hallo,",
    order: "Bestellung {number}",
    order_confirmed_subject: "Ihre Bestellung {number} ist bestätigt",
    order_confirmed_body: "Vielen Dank für Ihre Bestellung. Wir melden uns, sobald sie versandt wird.",
    order_shipped_subject: "Ihre Bestellung {number} ist unterwegs",
    order_shipped_body: "Gute Nachrichten: Ihre Bestellung wurde versandt.",
    order_out_for_delivery_subject: "Ihre Bestellung {number} wird heute zugestellt",
    order_out_for_delivery_body: "Ihre Bestellung ist in der Zustellung und kommt voraussichtlich heute an.",
    order_delivered_subject: "Ihre Bestellung {number} wurde zugestellt",
    order_delivered_body: "Ihre Bestellung wurde zugestellt. Viel Freude damit!",
    order_delayed_subject: "Ihre Bestellung {number} verspätet sich",
    order_delayed_body:
      "Der Versanddienst meldet eine Verzögerung. Ihr Paket ist weiter unterwegs; neue Schätzung: {eta}.",
    order_ready_for_pickup_subject: "Ihre Bestellung {number} liegt zur Abholung bereit",
    order_ready_for_pickup_body:
      "Ihre Bestellung ist abholbereit. Bringen Sie Ihre Bestellnummer und diesen Abholcode (oder einen Ausweis) mit.",
    pickup_code: "Abholcode",
    order_cancelled_subject: "Ihre Bestellung {number} wurde storniert",
    order_cancelled_body: "Ihre Bestellung wurde storniert. Bereits belastete Beträge werden erstattet.",
    return_approved_subject: "Ihre Rücksendung zu Bestellung {number} ist genehmigt",
    return_approved_body: "Wir haben Ihre Rücksendung genehmigt. Bitte verpacken Sie die Artikel sicher.",
    return_label_subject: "Ihr Rücksendeetikett zu Bestellung {number}",
    return_label_body:
      "Ihre Rücksendung ist genehmigt. Drucken Sie das Etikett aus und kleben Sie es auf das Paket.",
    label: "Rücksendeetikett drucken",
    return_received_subject: "Ihre Rücksendung zu Bestellung {number} ist angekommen",
    return_received_body: "Wir haben Ihre Rücksendung erhalten und bearbeiten sie in Kürze.",
    refund_issued_subject: "Ihre Erstattung zu Bestellung {number}",
    refund_issued_body: "Wir haben Ihre Erstattung veranlasst.",
    feedback_request_subject: "Wie war Ihre Bestellung {number}?",
    feedback_request_body:
      "Ihre Bestellung wurde zugestellt. Wie zufrieden sind Sie? Bewerten Sie sie von 1 bis 5 und schreiben Sie uns gern einen Kommentar: Das dauert nur eine Minute, ganz ohne Anmeldung.",
    survey: "Bestellung bewerten",
    track: "Sendung verfolgen",
    view: "Bestellung ansehen",
    tracking: "Sendungsnummer",
    items: "Artikel",
    total: "Summe",
    refund: "Erstattungsbetrag",
    questions: "Fragen? Schreiben Sie uns an {email}.",
  },
  fr: {
    hello: "Bonjour {name},",
    helloAnon: "Bonjour,",
    order: "Commande {number}",
    order_confirmed_subject: "Votre commande {number} est confirmée",
    order_confirmed_body: "Merci pour votre commande. Nous vous préviendrons dès son expédition.",
    order_shipped_subject: "Votre commande {number} est en route",
    order_shipped_body: "Bonne nouvelle : votre commande a été expédiée.",
    order_out_for_delivery_subject: "Votre commande {number} est en cours de livraison",
    order_out_for_delivery_body: "Votre commande est en cours de livraison et devrait arriver aujourd'hui.",
    order_delivered_subject: "Votre commande {number} a été livrée",
    order_delivered_body: "Votre commande a été livrée. Nous espérons qu'elle vous plaira.",
    order_delayed_subject: "Votre commande {number} est retardée",
    order_delayed_body:
      "Le transporteur signale un retard. Votre colis est toujours en route ; nouvelle estimation : {eta}.",
    order_ready_for_pickup_subject: "Votre commande {number} est prête à être retirée",
    order_ready_for_pickup_body:
      "Votre commande est prête. Munissez-vous de votre numéro de commande et de ce code de retrait (ou d'une pièce d'identité).",
    pickup_code: "Code de retrait",
    order_cancelled_subject: "Votre commande {number} a été annulée",
    order_cancelled_body: "Votre commande a été annulée. Tout montant débité vous sera remboursé.",
    return_approved_subject: "Votre retour pour la commande {number} est accepté",
    return_approved_body: "Nous avons accepté votre retour. Emballez soigneusement les articles.",
    return_label_subject: "Votre étiquette de retour pour la commande {number}",
    return_label_body: "Votre retour est accepté. Imprimez l'étiquette et collez-la sur le colis.",
    label: "Imprimer l'étiquette de retour",
    return_received_subject: "Nous avons reçu votre retour pour la commande {number}",
    return_received_body: "Nous avons bien reçu votre retour et le traiterons rapidement.",
    refund_issued_subject: "Votre remboursement pour la commande {number}",
    refund_issued_body: "Nous avons effectué votre remboursement.",
    feedback_request_subject: "Comment s'est passée votre commande {number} ?",
    feedback_request_body:
      "Votre commande a été livrée. Dites-nous comment cela s'est passé : notez-la de 1 à 5 et ajoutez un commentaire si vous le souhaitez. Une minute suffit, sans connexion.",
    survey: "Évaluer votre commande",
    track: "Suivre votre colis",
    view: "Voir votre commande",
    tracking: "Numéro de suivi",
    items: "Articles",
    total: "Total",
    refund: "Montant remboursé",
    questions: "Des questions ? Écrivez-nous à {email}.",
  },
};

const fill = (s: string, vars: Record<string, string>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/** Minor units → "€12.50" in the customer's language. */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  try {
    const { format, digits } = moneyFormat(locale, currency);
    return format.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** Building an Intl.NumberFormat costs far more than formatting with it: one per locale × currency. */
const moneyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function moneyFormat(locale: Locale, currency: string): { format: Intl.NumberFormat; digits: number } {
  const key = `${locale}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency });
    f = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    if (moneyFormats.size >= 1000) moneyFormats.clear();
    moneyFormats.set(key, f);
  }
  return f;
}

const safeUrl = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null);
const safeColor = (c: string) => (/^#[0-9a-fA-F]{3,8}$/.test(c) ? c : "#1f6feb");

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderCustomerEmail(
  template: Exclude<TemplateName, "webhook_endpoint_disabled">,
  m: MessageData,
  brand: Branding,
): RenderedEmail {
  const t = T[m.locale];
  const number = m.number ? (m.number.startsWith("#") ? m.number : `#${m.number}`) : (m.order_id ?? "");
  const vars = { number, name: m.name ?? "", email: brand.support_email ?? "", eta: m.eta ?? "" };
  const subject = `${fill(t[`${template}_subject`]!, vars)} — ${brand.merchant_name}`;
  const greeting = m.name ? fill(t.hello!, vars) : t.helloAnon!;
  const body = fill(t[`${template}_body`]!, vars);
  const trackingUrl = safeUrl(m.tracking_url);
  const labelUrl = safeUrl(m.label_url);
  // The portal link carries number and e-mail, which is what the portal asks for anyway.
  // A survey e-mail has one link: the survey's.
  const surveyUrl = template === "feedback_request" ? safeUrl(m.survey_url ?? null) : null;
  const portal = safeUrl(brand.portal_url ?? null);
  const statusUrl =
    portal && m.number && m.email && !surveyUrl
      ? `${portal}?number=${encodeURIComponent(m.number.replace(/^#/, ""))}&email=${encodeURIComponent(m.email)}`
      : null;
  const showLines =
    template === "order_confirmed" ||
    template === "order_cancelled" ||
    template === "order_shipped" ||
    template === "return_approved" ||
    template === "return_received";
  const money =
    template === "refund_issued" && m.amount !== null && m.currency
      ? { label: t.refund!, value: formatMoney(m.amount, m.currency, m.locale) }
      : m.total !== null && m.currency && template === "order_confirmed"
        ? { label: t.total!, value: formatMoney(m.total, m.currency, m.locale) }
        : null;

  const text: string[] = [greeting, "", body, "", fill(t.order!, vars)];
  if (showLines && m.lines.length) {
    text.push("", `${t.items}:`);
    for (const l of m.lines)
      text.push(`  ${l.quantity} × ${l.title}${l.sku && l.sku !== l.title ? ` (${l.sku})` : ""}`);
  }
  if (money) text.push("", `${money.label}: ${money.value}`);
  if (m.pickup_code) text.push("", `${t.pickup_code}: ${m.pickup_code}`);
  if (m.tracking_number)
    text.push("", `${t.tracking}: ${m.tracking_number}${m.carrier ? ` (${m.carrier})` : ""}`);
  if (labelUrl) text.push("", `${t.label}: ${labelUrl}`);
  if (trackingUrl) text.push("", `${t.track}: ${trackingUrl}`);
  if (surveyUrl) text.push("", `${t.survey}: ${surveyUrl}`);
  if (statusUrl) text.push("", `${t.view}: ${statusUrl}`);
  if (brand.support_email) text.push("", fill(t.questions!, vars));
  text.push("", `— ${brand.merchant_name}`);

  const color = safeColor(brand.brand_color);
  const e = escapeHtml;
  const logo = safeUrl(brand.logo_url);
  const rows = showLines
    ? m.lines
        .map(
          (l) =>
            `<tr><td style="padding:4px 8px 4px 0">${l.quantity} ×</td><td style="padding:4px 0">${e(l.title)}${l.sku && l.sku !== l.title ? ` <span style="color:#666">(${e(l.sku)})</span>` : ""}</td></tr>`,
        )
        .join("")
    : "";
  const html = `<!doctype html>
<html lang="${m.locale}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;background:#f5f5f5;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#fff;border-radius:8px;overflow:hidden">
<tr><td style="background:${color};padding:16px 24px;color:#fff;font-size:20px;font-weight:600">${logo ? `<img src="${e(logo)}" alt="${e(brand.merchant_name)}" height="32" style="vertical-align:middle">` : e(brand.merchant_name)}</td></tr>
<tr><td style="padding:24px">
<p>${e(greeting)}</p>
<p>${e(body)}</p>
<p style="font-weight:600">${e(fill(t.order!, vars))}</p>
${rows ? `<table role="presentation" cellpadding="0" cellspacing="0">${rows}</table>` : ""}
${money ? `<p>${e(money.label)}: <strong>${e(money.value)}</strong></p>` : ""}
${m.pickup_code ? `<p>${e(t.pickup_code!)}: <strong style="font-size:20px;letter-spacing:2px">${e(m.pickup_code)}</strong></p>` : ""}
${m.tracking_number ? `<p>${e(t.tracking!)}: ${e(m.tracking_number)}${m.carrier ? ` (${e(m.carrier)})` : ""}</p>` : ""}
${labelUrl ? `<p><a href="${e(labelUrl)}" style="display:inline-block;background:${color};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${e(t.label!)}</a></p>` : ""}
${trackingUrl ? `<p><a href="${e(trackingUrl)}" style="display:inline-block;background:${color};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${e(t.track!)}</a></p>` : ""}
${surveyUrl ? `<p><a href="${e(surveyUrl)}" style="display:inline-block;background:${color};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${e(t.survey!)}</a></p>` : ""}
${statusUrl ? `<p><a href="${e(statusUrl)}" style="color:${color}">${e(t.view!)}</a></p>` : ""}
${brand.support_email ? `<p style="color:#666">${e(fill(t.questions!, vars))}</p>` : ""}
</td></tr>
<tr><td style="padding:12px 24px;color:#888;font-size:12px">${e(brand.merchant_name)}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text: text.join("\n"), html };
}

/** The operator notice when Ordo switches off a failing webhook endpoint. */
export function renderEndpointDisabledNotice(data: unknown, brand: Branding): RenderedEmail {
  const d = obj(data) ?? {};
  const url = str(d.url) ?? "";
  const reason = str(d.disabled_reason) ?? "";
  const subject = `Webhook endpoint disabled: ${url} — ${brand.merchant_name}`;
  const text = [
    `Ordo has disabled the webhook endpoint ${str(d.id) ?? ""} (${url}) because it kept failing.`,
    "",
    `Reason: ${reason}`,
    "",
    "Fix the receiver, then enable the endpoint again (PATCH /v1/webhook_endpoints/{id} with status=enabled);",
    "pending deliveries resume, and dead ones can be redelivered from /v1/webhook_deliveries.",
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:sans-serif"><p>${escapeHtml(text).replace(/\n/g, "<br>")}</p></body></html>`;
  return { subject, text, html };
}
