import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import { idParams } from "../../http/schemas.js";
import * as schemas from "./schemas.js";
import * as customers from "./service.js";

export const customerRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  app.get("/v1/customers", {
    schema: {
      tags: ["customers"],
      summary: "List customers (filter by e-mail or name prefix)",
      querystring: schemas.customerListQuery,
      response: { 200: pageSchema(schemas.customerSchema) },
    },
    config: { permission: "orders:read" },
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return customers.listCustomers(db, filter, { limit, cursor });
    },
  });

  app.post("/v1/customers", {
    schema: {
      tags: ["customers"],
      summary: "Create a customer with addresses",
      body: schemas.createCustomerBody,
      response: { 201: schemas.customerSchema },
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => customers.createCustomer(tx, contextOf(req), req.body)),
  });

  app.get("/v1/customers/:id", {
    schema: {
      tags: ["customers"],
      summary: "A customer",
      params: idParams,
      response: { 200: schemas.customerSchema },
    },
    config: { permission: "orders:read" },
    handler: async (req) => customers.getCustomer(db, req.params.id),
  });

  app.patch("/v1/customers/:id", {
    schema: {
      tags: ["customers"],
      summary: "Change a customer's name, phone or notes",
      params: idParams,
      body: schemas.updateCustomerBody,
      response: { 200: schemas.customerSchema },
    },
    config: { permission: "orders:write" },
    handler: async (req) => customers.updateCustomer(db, contextOf(req), req.params.id, req.body),
  });

  app.post("/v1/customers/:id/addresses", {
    schema: {
      tags: ["customers"],
      summary: "Add an address to a customer",
      params: idParams,
      body: schemas.createAddressBody,
      response: { 201: schemas.customerSchema },
    },
    config: { permission: "orders:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) =>
        customers.addCustomerAddress(tx, contextOf(req), req.params.id, req.body),
      ),
  });
};
