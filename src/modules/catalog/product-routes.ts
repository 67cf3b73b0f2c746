import type { ModuleRoutes } from "../../http/app-types.js";
import { contextOf } from "../../http/auth.js";
import { idempotent } from "../../http/idempotency.js";
import { pageSchema } from "../../http/pagination.js";
import { deleteProduct, deleteVariant } from "./product-deletion.js";
import { getProduct, getVariant, listProducts, listVariants } from "./product-queries.js";
import { addVariant, createProduct, updateProduct, updateVariant } from "./products.js";
import * as schemas from "./schemas.js";

export const productRoutes: ModuleRoutes = (app, { database }) => {
  const { db } = database;

  app.get("/v1/products", {
    schema: {
      tags: ["catalog"],
      summary: "List products with their variants; `q` searches SKU, barcode and title",
      querystring: schemas.productListQuery,
      response: { 200: pageSchema(schemas.productSchema) },
    },
    config: { permission: "catalog:read" },
    handler: async (req) => listProducts(db, req.query, req.query),
  });

  app.post("/v1/products", {
    schema: {
      tags: ["catalog"],
      summary: "Create a product with its variants (kits name their component SKUs)",
      body: schemas.createProductBody,
      response: { 201: schemas.productSchema },
    },
    config: { permission: "catalog:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => createProduct(tx, contextOf(req), req.body)),
  });

  app.get("/v1/products/:ref", {
    schema: {
      tags: ["catalog"],
      summary: "A product by id or handle",
      params: schemas.refParams,
      response: { 200: schemas.productSchema },
    },
    config: { permission: "catalog:read" },
    handler: async (req) => getProduct(db, req.params.ref),
  });

  app.patch("/v1/products/:ref", {
    schema: {
      tags: ["catalog"],
      summary: "Change a product; `status: archived` archives it and its variants",
      params: schemas.refParams,
      body: schemas.updateProductBody,
      response: { 200: schemas.productSchema },
    },
    config: { permission: "catalog:write" },
    handler: async (req) => updateProduct(db, contextOf(req), req.params.ref, req.body),
  });

  app.delete("/v1/products/:ref", {
    schema: {
      tags: ["catalog"],
      summary: "Delete a product, or archive it when anything (kits, stock, prices elsewhere) refers to it",
      params: schemas.refParams,
      response: { 200: schemas.deletionSchema },
    },
    config: { permission: "catalog:write" },
    handler: async (req) => deleteProduct(db, contextOf(req), req.params.ref),
  });

  app.post("/v1/products/:ref/variants", {
    schema: {
      tags: ["catalog"],
      summary: "Add a variant to a product",
      params: schemas.refParams,
      body: schemas.variantInput,
      response: { 201: schemas.variantSchema },
    },
    config: { permission: "catalog:write", idempotent: true },
    handler: async (req, reply) =>
      idempotent(db, req, reply, 201, (tx) => addVariant(tx, contextOf(req), req.params.ref, req.body)),
  });

  app.get("/v1/variants", {
    schema: {
      tags: ["catalog"],
      summary: "List variants (SKUs); filter by sku (comma-separated), barcode, product, kit; `q` searches",
      querystring: schemas.variantListQuery,
      response: { 200: pageSchema(schemas.variantSchema) },
    },
    config: { permission: "catalog:read" },
    handler: async (req) => listVariants(db, req.query, req.query),
  });

  app.get("/v1/variants/:ref", {
    schema: {
      tags: ["catalog"],
      summary: "A variant by id or SKU",
      params: schemas.refParams,
      response: { 200: schemas.variantSchema },
    },
    config: { permission: "catalog:read" },
    handler: async (req) => getVariant(db, req.params.ref),
  });

  app.patch("/v1/variants/:ref", {
    schema: {
      tags: ["catalog"],
      summary: "Change a variant; `components` replaces a kit's definition ([] makes it a plain SKU)",
      params: schemas.refParams,
      body: schemas.updateVariantBody,
      response: { 200: schemas.variantSchema },
    },
    config: { permission: "catalog:write" },
    handler: async (req) => updateVariant(db, contextOf(req), req.params.ref, req.body),
  });

  app.delete("/v1/variants/:ref", {
    schema: {
      tags: ["catalog"],
      summary: "Delete a variant, or archive it when anything refers to it",
      params: schemas.refParams,
      response: { 200: schemas.deletionSchema },
    },
    config: { permission: "catalog:write" },
    handler: async (req) => deleteVariant(db, contextOf(req), req.params.ref),
  });
};
