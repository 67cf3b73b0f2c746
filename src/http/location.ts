import type { FastifyInstance } from "fastify";
import type { RouteTable } from "./route-table.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * Where a 201's new resource lives when the convention below cannot tell: a path template
     * filled from the response body, such as `/v1/users/{user.id}`.
     */
    location?: string;
  }
}

/** The Location of one 201 answer, from its body and the request's path parameters. */
type LocationOf = (body: unknown, params: Record<string, string>) => string | undefined;

const PROBE = "__probe__";

const valueAt = (body: unknown, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as never)[key] : undefined), body);

/** The body's value for a member route's parameter: `reference` for `/x/:reference`, else `id`. */
const keyOf = (body: unknown, field: string) => {
  const value = valueAt(body, field);
  return typeof value === "string" && value !== "" ? encodeURIComponent(value) : undefined;
};

/** The route's pattern with the request's parameters in it: `/v1/orders/:id` → `/v1/orders/ord_1`. */
const fill = (pattern: string, params: Record<string, string>) =>
  pattern.replace(/:([A-Za-z_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));

function fromTemplate(template: string): LocationOf {
  return (body) => {
    let missing = false;
    const out = template.replace(/\{([A-Za-z0-9_.]+)\}/g, (_, path: string) => {
      const value = valueAt(body, path);
      if (typeof value !== "string" && typeof value !== "number") missing = true;
      return encodeURIComponent(String(value));
    });
    return missing ? undefined : out;
  };
}

interface Rule {
  locate: LocationOf;
  /** The body field the Location is made of, checked against the response schema at start-up. */
  needs?: string;
}

/**
 * How a route that answers 201 finds the path of what it created, in this order:
 * 1. its `config.location` template;
 * 2. a collection: `POST /v1/orders` → `/v1/orders/{id}` when a route answers at `/v1/orders/:x`
 *    (the member's key is the body field named like that route's parameter, else `id`);
 * 3. a sub-collection whose members live at the top: `POST /v1/products/:ref/variants` →
 *    `/v1/variants/{id}`;
 * 4. a part of a resource, answered with that resource: `POST /v1/orders/:id/holds` →
 *    `/v1/orders/:id` (the order, which lists its holds).
 */
function ruleFor(url: string, template: string | undefined, routes: RouteTable, fields: Set<string> | null) {
  if (template) return { locate: fromTemplate(template) };
  const member = (collection: string): Rule | undefined => {
    const params = routes.paramsAt(`${collection}/${PROBE}`);
    if (!params) return undefined;
    const name = Object.entries(params).find(([, value]) => value === PROBE)?.[0] ?? "id";
    const field = fields?.has(name) ? name : "id";
    return {
      needs: field,
      locate: (body, reqParams) => {
        const key = keyOf(body, field);
        return key && `${fill(collection, reqParams)}/${key}`;
      },
    };
  };
  const segments = url.split("/");
  const last = segments[segments.length - 1] ?? "";
  const found =
    member(url) ?? (segments.length > 3 && !last.startsWith(":") ? member(`/v1/${last}`) : undefined);
  if (found) return found;
  if (segments[segments.length - 2]?.startsWith(":")) {
    const parent = segments.slice(0, -1).join("/");
    return { locate: (_body: unknown, params: Record<string, string>) => fill(parent, params) };
  }
  return undefined;
}

/** The top-level fields of a Zod object schema; null when it is not one (nothing to check). */
function fieldsOf(schema: unknown): Set<string> | null {
  const shape = (schema as { shape?: unknown } | undefined)?.shape;
  return shape && typeof shape === "object" ? new Set(Object.keys(shape)) : null;
}

/**
 * Every 201 carries `Location`, the path of the resource it created (RFC 9110 §10.2.2), set here
 * once for all routes rather than by each handler; replays of an idempotent request get it too.
 * A route answering 201 whose Location cannot be told stops the server at start-up.
 */
export function registerLocation(app: FastifyInstance, routes: RouteTable): void {
  const creating: Array<{
    key: string;
    url: string;
    template: string | undefined;
    fields: Set<string> | null;
  }> = [];
  const rules = new Map<string, LocationOf>();
  app.addHook("onRoute", (route) => {
    const responses = (route.schema as { response?: Record<string, unknown> } | undefined)?.response;
    if (!responses || !("201" in responses)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const template = (route.config as { location?: string } | undefined)?.location;
    const fields = fieldsOf(responses["201"]);
    for (const method of methods)
      creating.push({ key: `${method} ${route.url}`, url: route.url, template, fields });
  });
  app.addHook("onReady", async () => {
    for (const { key, url, template, fields } of creating) {
      const rule = ruleFor(url, template, routes, fields);
      if (!rule) throw new Error(`${key} answers 201 but its Location cannot be told: set config.location`);
      if (rule.needs && fields && !fields.has(rule.needs)) {
        throw new Error(`${key} answers 201 without \`${rule.needs}\` for its Location: set config.location`);
      }
      rules.set(key, rule.locate);
    }
  });
  app.addHook("preSerialization", async (req, reply, payload) => {
    if (reply.statusCode !== 201 || reply.hasHeader("location")) return payload;
    const rule = rules.get(`${req.method} ${req.routeOptions.url}`);
    const location = rule?.(payload, req.params as Record<string, string>);
    if (location) reply.header("location", location);
    else req.log.error({ route: req.routeOptions.url }, "a 201 answer without Location");
    return payload;
  });
}
