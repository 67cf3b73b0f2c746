// The OpenAPI document as integrators' code generators need it: every operation named
// (operationId), its possible problems documented as problem+json, public routes marked as
// needing no credentials, the Idempotency-Key header where the route honours it, the headers a
// status always carries (Location on 201, WWW-Authenticate on 401), and only the schemas in use.
import type { RouteOptions } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import pluralize from "pluralize";
import { problemSchema } from "./schemas.js";

const camel = (words: string[]) =>
  words
    .flatMap((w) => w.split(/[_-]/))
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join("");

/** Where the path does not say what the operation does (singletons, verbs as nouns). */
const NAMED: Record<string, string> = {
  "GET /healthz": "getHealth",
  "GET /readyz": "getReadiness",
  "POST /v1/auth/login": "login",
  "POST /v1/auth/logout": "logout",
  "GET /v1/auth/me": "getMe",
  "GET /v1/setup": "getSetupStatus",
  "POST /v1/setup": "createFirstAdmin",
  "GET /v1/settings": "getSettings",
  "PATCH /v1/settings": "updateSettings",
  "GET /v1/dashboard": "getDashboard",
  "GET /v1/delivery_status": "getDeliveryStatus",
  "GET /v1/exports/catalog": "exportCatalog",
  "POST /v1/imports/catalog": "importCatalog",
  "POST /v1/inventory_imports": "importInventory",
  "GET /v1/inventory_levels.csv": "exportInventoryLevels",
  "GET /v1/inventory_checks": "verifyInventory",
  "PUT /v1/inventory_reorder_points": "setReorderPoints",
  "PUT /v1/inventory_bins": "setInventoryBin",
  "GET /v1/pick_list": "getPickList",
  "GET /v1/pick_list.pdf": "getPickListPdf",
  "GET /v1/shipments/exceptions": "listShipmentExceptions",
  "GET /v1/shipments/:id/label": "getShipmentLabel",
  "POST /v1/shipments/:id/label": "buyShipmentLabel",
  "GET /v1/fulfillment_orders/:id/package_suggestion": "suggestPackage",
  "POST /v1/fulfillment_orders/:id/shipments": "packShipment",
  "POST /v1/carriers/:code/webhooks": "receiveCarrierWebhook",
  "POST /v1/payment_providers/:code/webhooks": "receivePaymentWebhook",
  "GET /v1/returns/:id/label": "getReturnLabel",
  "POST /v1/returns/:id/label": "buyReturnLabel",
  "GET /v1/return_labels/:token": "getReturnLabelByLink",
  "POST /v1/tracking/returns": "startPortalReturn",
  "POST /v1/tracking/returns/lookup": "lookUpPortalReturns",
  "GET /v1/tracking/shipments/:tracking_number": "trackShipment",
  "PUT /v1/tax_rates": "setTaxRates",
  "POST /v1/promise": "promiseDelivery",
  "POST /v1/tracking/lookup": "lookUpTracking",
  "GET /v1/sourcing_rules/effective": "getEffectiveSourcingRule",
  "POST /v1/orders/:id/holds": "placeOrderHold",
  "POST /v1/orders/:id/holds/:hold_id/release": "releaseOrderHold",
  "POST /v1/customers/:id/addresses": "addCustomerAddress",
  "POST /v1/products/:ref/variants": "addProductVariant",
  "POST /v1/price_lists/:ref/prices": "setPriceListPrices",
  "DELETE /v1/price_lists/:ref/prices/:sku": "deletePriceListPrice",
  "POST /v1/fulfillment_orders/:id/shortage": "reportFulfillmentOrderShortage",
  "POST /v1/webhook_endpoints/:id/rotate_secret": "rotateWebhookEndpointSecret",
};

/**
 * A stable camelCase name for an operation, from its method and path:
 * `GET /v1/orders` → listOrders, `GET /v1/orders/:id` → getOrder, `POST /v1/orders` → createOrder,
 * `PATCH /v1/orders/:id` → updateOrder, `DELETE …/:id` → deleteOrder, an action after an id
 * (`POST /v1/orders/:id/cancel`) → cancelOrder, a sub-resource (`GET /v1/orders/:id/timeline`) →
 * getOrderTimeline. A route may name itself instead (`schema.operationId`).
 */
export function operationIdFor(method: string, url: string): string {
  const named = NAMED[`${method.toUpperCase()} ${url}`];
  if (named) return named;
  const segments = url
    .replace(/^\/v1\//, "")
    .split("/")
    .filter(Boolean);
  const isParam = (s: string | undefined) => s?.startsWith(":") ?? false;
  const statics = segments.filter((s) => !isParam(s)).map((s) => s.replace(/\.csv$/, "_csv"));
  const last = segments[segments.length - 1];
  const verb = method.toLowerCase();
  if (isParam(last)) {
    const noun = [...statics.slice(0, -1), pluralize.singular(statics[statics.length - 1] ?? "")];
    return camel([{ get: "get", patch: "update", put: "replace", delete: "delete" }[verb] ?? verb, ...noun]);
  }
  if (segments.length >= 3 && isParam(segments[segments.length - 2])) {
    // Something of one resource: an action (POST …/:id/cancel) or a part of it (GET …/:id/lines).
    const parent = statics.slice(0, -1);
    const owner = [...parent.slice(0, -1), pluralize.singular(parent[parent.length - 1] ?? "")];
    const part = statics[statics.length - 1] ?? "";
    if (verb === "post") return camel([part, ...owner]);
    return camel([verb === "get" ? "get" : verb, ...owner, part]);
  }
  if (verb === "get") return camel(["list", ...statics]);
  if (verb === "post" && statics.length === 1) return camel(["create", pluralize.singular(statics[0] ?? "")]);
  return camel([verb, ...statics]);
}

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** The problems a route can answer with, from what it takes and who may call it. */
function problemResponses(route: RouteOptions, url: string, method: string, isPublic: boolean) {
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const takesInput = Boolean(schema.body || schema.querystring || schema.params);
  const writes = method !== "GET" && method !== "HEAD";
  return {
    ...(takesInput && { 400: problem("The request is malformed: `errors` lists each field") }),
    ...(!isPublic && { 401: problem("No valid credentials (see WWW-Authenticate)") }),
    ...(!isPublic && { 403: problem("The caller lacks the permission this needs") }),
    ...(url.includes(":") && { 404: problem("What the path names does not exist") }),
    ...(writes &&
      !isPublic && { 409: problem("The resource's state does not allow this (or changed meanwhile)") }),
    ...(writes && schema.body !== undefined && { 422: problem("Well-formed but refused by the rules") }),
    ...(writes && isPublic && { 429: problem("Too many attempts; see Retry-After") }),
  };
}

interface RouteConfig {
  public?: boolean;
  idempotent?: boolean;
  produces?: readonly string[];
}

/** jsonSchemaTransform (Zod → JSON Schema), then what code generators need on each operation. */
export const openApiTransform: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const { route } = input;
  const method = (Array.isArray(route.method) ? route.method[0] : route.method) ?? "GET";
  const config = (route.config ?? {}) as RouteConfig;
  // Outside /v1 (health, readiness) nothing asks for credentials either.
  const isPublic = Boolean(config.public) || !route.url.startsWith("/v1/");
  const schema = { ...(out.schema as Record<string, unknown>) };
  schema.operationId ??= operationIdFor(method, route.url);
  if (isPublic) schema.security = [];
  if (config.idempotent) {
    const headers = (schema.headers ?? { type: "object", properties: {} }) as {
      properties?: Record<string, unknown>;
    };
    schema.headers = {
      ...headers,
      properties: {
        ...headers.properties,
        "idempotency-key": {
          type: "string",
          minLength: 1,
          maxLength: 255,
          description:
            "Makes the request safe to retry: one key, one outcome. A retry with the same key replays the first answer (a refusal included); a different request with it is refused (422).",
        },
      },
    };
  }
  // A route that declares a problem answer itself gets it as problem+json too.
  const declared = { ...(schema.response as Record<string, unknown> | undefined) };
  const given = ((input.schema as { response?: Record<string, unknown> }).response ?? {}) as Record<
    string,
    unknown
  >;
  for (const [status, zodSchema] of Object.entries(given))
    if (zodSchema === problemSchema) declared[status] = problem("See the problem's `detail`");
  // A file (PDF, ZPL, CSV) is documented as what it is, not as JSON.
  if (config.produces && declared["200"] === undefined) {
    declared["200"] = {
      description: `The file (${config.produces.join(" or ")})`,
      content: Object.fromEntries(
        config.produces.map((t) => [t, { schema: { type: "string", format: "binary" } }]),
      ),
    };
  }
  schema.response = { ...problemResponses(route, route.url, method, isPublic), ...declared };
  return { ...out, schema };
};

type Json = unknown;

interface ResponseObject {
  description?: string;
  headers?: Record<string, Json>;
}

/** Headers answered with a status, whatever the operation (201: src/http/location.ts). */
const RESPONSE_HEADERS: Record<string, Record<string, Json>> = {
  201: {
    Location: {
      description: "The path of the created resource, such as `/v1/orders/ord_…`",
      required: true,
      schema: { type: "string", format: "uri-reference" },
    },
  },
  401: {
    "WWW-Authenticate": {
      description: 'How to authenticate: `Bearer realm="ordo"` (an API key as `Authorization: Bearer <key>`)',
      required: true,
      schema: { type: "string" },
    },
  },
  429: {
    "Retry-After": {
      description: "Seconds to wait before trying again",
      schema: { type: "integer", minimum: 0 },
    },
  },
};

/** Every `#/components/schemas/<name>` that `value` refers to. */
function schemaRefs(value: Json, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) schemaRefs(item, into);
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string" && child.startsWith("#/components/schemas/")) {
        into.add(decodeURIComponent(child.slice("#/components/schemas/".length)));
      } else schemaRefs(child, into);
    }
  }
  return into;
}

/**
 * `anyOf` with an empty schema among its branches accepts anything: say so plainly (`{}`), as
 * linters and code generators expect (Zod writes `z.unknown().nullable()` as `anyOf: [{}, null]`).
 */
function withoutVacuousAnyOf(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutVacuousAnyOf);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, Json> = {};
  for (const [key, child] of Object.entries(value)) {
    const vacuous =
      key === "anyOf" &&
      Array.isArray(child) &&
      child.some((branch) => branch && typeof branch === "object" && Object.keys(branch).length === 0);
    if (!vacuous) out[key] = withoutVacuousAnyOf(child);
  }
  return out;
}

/**
 * The whole document: the component schemas from Zod's registry (jsonSchemaTransformObject),
 * keeping only those an operation uses, directly or through another component, sorted. The registry
 * yields every schema twice, as read (`OrderInput`) and as written (`Order`); request bodies
 * are inlined, so the `…Input` copies would only be noise for code generators.
 */
export const openApiTransformObject: typeof jsonSchemaTransformObject = (input) => {
  const doc = jsonSchemaTransformObject(input) as {
    components?: { schemas?: Record<string, Json> };
    [key: string]: Json;
  };
  const all = doc.components?.schemas ?? {};
  const used = schemaRefs({ ...doc, components: { ...doc.components, schemas: {} } }, new Set());
  for (const pending = [...used]; pending.length > 0; ) {
    const name = pending.pop() as string;
    for (const ref of schemaRefs(all[name], new Set()))
      if (!used.has(ref)) {
        used.add(ref);
        pending.push(ref);
      }
  }
  // By name: the order Zod's registry saw them in depends on which module was imported first.
  const schemas = Object.fromEntries(
    Object.entries(all)
      .filter(([name]) => used.has(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const paths = doc.paths as Record<string, Record<string, { responses?: Record<string, Json> }>>;
  for (const item of Object.values(paths ?? {}))
    for (const operation of Object.values(item))
      for (const [status, response] of Object.entries(operation.responses ?? {}))
        if (RESPONSE_HEADERS[status]) {
          const r = response as ResponseObject;
          r.headers = { ...r.headers, ...RESPONSE_HEADERS[status] };
          if (status === "201" && r.description === "Default Response") r.description = "Created";
        }
  return withoutVacuousAnyOf({
    ...doc,
    components: { ...doc.components, schemas },
  }) as ReturnType<typeof jsonSchemaTransformObject>;
};
