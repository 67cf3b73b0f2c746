import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { ulid } from "ulid";
import type { Config } from "./config.js";
import type { Database } from "./db/database.js";
import { wireModules } from "./flows/wiring.js";
import type { App, ModuleDeps, ModuleRoutes } from "./http/app-types.js";
import { isApiRoute, registerAuth } from "./http/auth.js";
import { registerEmptyBodyAsObject } from "./http/empty-body.js";
import { clientErrorHandler, frameworkError, registerProblemHandler } from "./http/errors.js";
import { registerLocation } from "./http/location.js";
import { registerNulGuard } from "./http/nul-guard.js";
import { openApiTransform, openApiTransformObject } from "./http/openapi.js";
import { registerRouteTable } from "./http/route-table.js";
import { accessRoutes } from "./modules/access/routes.js";
import { analyticsRoutes } from "./modules/analytics/index.js";
import { auditRoutes } from "./modules/audit/index.js";
import { caseRoutes } from "./modules/cases/index.js";
import { catalogRoutes } from "./modules/catalog/routes.js";
import { channelRoutes } from "./modules/channels/index.js";
import { customerRoutes } from "./modules/customers/index.js";
import { dashboardRoutes } from "./modules/dashboard/index.js";
import { eventRoutes } from "./modules/events/routes.js";
import { feedbackRoutes } from "./modules/feedback/index.js";
import { forecastingRoutes } from "./modules/forecasting/index.js";
import { fulfillmentRoutes } from "./modules/fulfillment/index.js";
import { inventoryRoutes } from "./modules/inventory/index.js";
import { locationRoutes } from "./modules/locations/index.js";
import { notificationRoutes } from "./modules/notifications/index.js";
import { orderRoutes } from "./modules/orders/index.js";
import { paymentRoutes } from "./modules/payments/index.js";
import { portalRoutes } from "./modules/portal/index.js";
import { promisingRoutes } from "./modules/promising/index.js";
import { promotionRoutes } from "./modules/promotions/index.js";
import { returnRoutes } from "./modules/returns/index.js";
import { schedulingRoutes } from "./modules/scheduling/index.js";
import { shippingRoutes } from "./modules/shipping/index.js";
import { sourcingRoutes } from "./modules/sourcing/routes.js";
import { registerMetrics, type StartupGate, systemRoutes } from "./modules/system/index.js";
import { webRoutes } from "./modules/web/index.js";
import { webhookRoutes } from "./modules/webhooks/index.js";

// Every capability's routes, in the order they appear in the API document.
const MODULES: ModuleRoutes[] = [
  accessRoutes,
  auditRoutes,
  locationRoutes,
  catalogRoutes,
  channelRoutes,
  inventoryRoutes,
  customerRoutes,
  promotionRoutes,
  orderRoutes,
  eventRoutes,
  webhookRoutes,
  notificationRoutes,
];

MODULES.push(sourcingRoutes, fulfillmentRoutes, shippingRoutes, promisingRoutes, paymentRoutes, returnRoutes);
MODULES.push(caseRoutes);
MODULES.push(feedbackRoutes);
MODULES.push(analyticsRoutes);
MODULES.push(forecastingRoutes);
MODULES.push(schedulingRoutes);
// The web app (console + portal) last: its catch-all route only answers paths no API route owns.
MODULES.push(dashboardRoutes, portalRoutes, webRoutes);

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The composition root: one Fastify app with the shared plugins and every module's routes. */
export async function buildServer(
  config: Config,
  database: Database,
  opts: { startup?: StartupGate } = {},
): Promise<App> {
  wireModules(config);
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && SAFE_REQUEST_ID.test(given) ? given : `req_${ulid()}`;
    },
    forceCloseConnections: "idle",
    frameworkErrors: frameworkError,
    clientErrorHandler,
    // Behind a load balancer, the client is the address it forwards (rate limits are per client).
    trustProxy:
      typeof config.trustProxy === "number"
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  const routeTable = registerRouteTable(app);
  registerLocation(app, routeTable);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandler(app, routeTable);
  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  // While draining, answer in-flight requests with `Connection: close` so keep-alive clients
  // let go and the server can finish closing instead of waiting out their idle timeout.
  let draining = false;
  app.addHook("preClose", async () => {
    draining = true;
  });
  app.addHook("onSend", async (req, reply) => {
    if (draining) reply.header("connection", "close");
    // What the API answers is someone's data: no shared or browser cache may keep it.
    if (isApiRoute(req.routeOptions.url) && !reply.hasHeader("cache-control")) {
      reply.header("cache-control", "no-store");
    }
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        // Ordo often runs on plain http inside a private network; do not force https on it.
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.publicUrl.startsWith("https://"),
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Ordo API",
        version: "1",
        license: { name: "Apache-2.0", identifier: "Apache-2.0" },
        description:
          "Order management: capture, inventory, sourcing, fulfillment, returns. Errors are RFC 9457 problem+json; creating POSTs accept an Idempotency-Key; lists are cursor-paginated.",
      },
      components: {
        securitySchemes: {
          apiKey: { type: "http", scheme: "bearer", description: "An API key from /v1/api_keys" },
          session: { type: "apiKey", in: "cookie", name: "ordo_session" },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
      servers: [{ url: config.publicUrl }],
    },
    transform: openApiTransform,
    transformObject: openApiTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs", staticCSP: true });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const metrics = registerMetrics(app, database, Boolean(config.delivery.natsUrl));
  registerAuth(app, database.db);
  registerNulGuard(app);
  registerEmptyBodyAsObject(app);
  const deps: ModuleDeps = { database, config };
  systemRoutes(app, deps, metrics, opts.startup);
  for (const routes of MODULES) routes(app, deps);
  return app;
}
