// Serves the React app (web/dist): the back-office console at `/` and the customer portal at
// `/track`. Hashed assets are cached for a year; index.html is never cached so a deploy takes
// effect at once. Client-side routes fall back to index.html, but never the API's own paths.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ModuleRoutes } from "../../http/app-types.js";

/** web/dist, from src/modules/web (tsx) or dist/modules/web (compiled): both three levels down. */
export const WEB_DIST = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

const NOT_THE_APP = /^\/(v1|docs|openapi\.json|metrics|healthz|readyz|assets)(\/|$|\?)/;

export const webRoutes: ModuleRoutes = (app) => {
  const indexPath = `${WEB_DIST}index.html`;
  const built = existsSync(indexPath);
  const index = built ? readFileSync(indexPath, "utf8") : null;

  if (built && existsSync(`${WEB_DIST}assets`)) {
    app.register(fastifyStatic, {
      root: `${WEB_DIST}assets`,
      prefix: "/assets/",
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: "365d",
      schemaHide: true,
    });
  }

  const serveApp = async (req: FastifyRequest, reply: FastifyReply) => {
    // The router's decoded path, so `/%761/…` is recognised as the API's, as the router sees it.
    const path = `/${(req.params as { "*"?: string })["*"] ?? ""}`;
    if (NOT_THE_APP.test(path)) return reply.callNotFound();
    if (!index) {
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The web app is not built yet: run `npm run build:web`, then restart Ordo.");
    }
    return reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(index);
  };

  // `public`: the auth hook lets it through; unknown /v1 paths still get the API's own 404.
  const options = { schema: { hide: true }, config: { public: true } };
  app.get("/", options, serveApp);
  app.get("/*", options, serveApp);
};
