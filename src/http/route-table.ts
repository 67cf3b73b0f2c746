import type { FastifyInstance } from "fastify";
import FindMyWay, { type HTTPMethod } from "find-my-way";

export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every route as registered, for the 405 `Allow` answer and for tests that walk the API. */
    routeTable: RouteTable;
  }
}

/**
 * The routes the app serves, mirrored into a second router of the same kind Fastify uses, so an
 * unmatched request can be told which methods its path does accept (405 with `Allow`).
 */
export class RouteTable {
  readonly entries: RouteEntry[] = [];
  private readonly router = FindMyWay({ ignoreTrailingSlash: false });

  add(method: string, url: string, isPublic: boolean): void {
    this.entries.push({ method, url, public: isPublic });
    if (!this.router.hasRoute(method as HTTPMethod, url)) this.router.on(method as HTTPMethod, url, () => {});
  }

  /** The parameters a route (of any method, not a catch-all) reads from this concrete path. */
  paramsAt(path: string): Record<string, string | undefined> | undefined {
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const) {
      const found = this.router.find(method, path);
      if (found && !found.params["*"]) return found.params;
    }
    return undefined;
  }

  /** The methods that have a route for this concrete path, excluding catch-all routes. */
  methodsFor(path: string): string[] {
    const methods: string[] = [];
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const) {
      const found = this.router.find(method, path);
      if (found && !found.params["*"]) methods.push(method);
    }
    return methods;
  }
}

/** Call before any route is registered: routes added earlier are not seen. */
export function registerRouteTable(app: FastifyInstance): RouteTable {
  const table = new RouteTable();
  app.decorate("routeTable", table);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const isPublic = Boolean((route.config as { public?: boolean } | undefined)?.public);
    for (const method of methods) table.add(method, route.url, isPublic);
  });
  return table;
}
