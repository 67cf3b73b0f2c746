import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { App } from "./app-types.js";

const MAX_SIGNED_BODY_BYTES = 1024 * 1024;

/**
 * Routes that check a signature over the exact bytes sent (carrier and payment-provider
 * webhooks): registered in a scope whose JSON bodies arrive as the raw string, unparsed.
 */
export function withRawJsonBody(app: App, register: (scope: App) => void): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "string", bodyLimit: MAX_SIGNED_BODY_BYTES },
      (_req, body, done) => done(null, body),
    );
    register(scope.withTypeProvider<ZodTypeProvider>());
  });
}
