import { z } from "zod";
import {
  CASE_ACTIONS,
  CASE_PRIORITIES,
  CASE_SOURCES,
  CASE_STATUSES,
  CASE_TYPES,
} from "../../domain/cases.js";
import { text } from "../../http/schemas.js";

const id = z.string().min(1).max(64);
const email = z.string().trim().max(254).pipe(z.email());
const body = text(10_000).pipe(z.string().min(1, "Must not be empty"));
const subject = text(200).pipe(z.string().min(1, "Must not be empty"));

const slaTargetSchema = z.object({
  due_at: z.string(),
  met_at: z.string().nullable().describe("When the target was reached; null while it is not"),
  state: z.enum(["met", "breached", "at_risk", "on_track", "paused"]),
  remaining_ms: z
    .number()
    .int()
    .describe("Milliseconds left when reached, paused, or now; negative once overdue"),
});

export const caseSlaSchema = z
  .object({
    first_response: slaTargetSchema,
    resolution: slaTargetSchema.describe("Paused while the case awaits the customer"),
    breached: z.boolean(),
    at_risk: z.boolean(),
  })
  .meta({ id: "CaseSla" });

export const caseMessageSchema = z
  .object({
    id: z.string(),
    case_id: z.string(),
    author_type: z.enum(["staff", "customer", "system"]),
    author_id: z.string().nullable(),
    author_name: z.string(),
    visibility: z.enum(["public", "internal"]).describe("Internal notes are never shown to the customer"),
    body: z.string(),
    created_at: z.string(),
  })
  .meta({ id: "CaseMessage" });

export const caseSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    reference: z.string().describe("How people name it: CS-1042"),
    order_id: z.string().nullable(),
    order_number: z.number().int().nullable(),
    order_line_ids: z.array(z.string()),
    shipment_id: z.string().nullable().describe("The package a delivery exception opened it for"),
    type: z.enum(CASE_TYPES),
    subject: z.string(),
    status: z.enum(CASE_STATUSES),
    priority: z.enum(CASE_PRIORITIES),
    customer_email: z.string(),
    customer_name: z.string().nullable(),
    assignee_id: z.string().nullable(),
    assignee_name: z.string().nullable(),
    source: z.enum(CASE_SOURCES),
    first_response_due_at: z.string(),
    resolution_due_at: z.string(),
    first_responded_at: z.string().nullable(),
    resolved_at: z.string().nullable(),
    closed_at: z.string().nullable(),
    last_message_at: z.string().nullable(),
    sla: caseSlaSchema,
    allowed_actions: z.array(z.enum(CASE_ACTIONS)),
    version: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "Case" });

export const caseDetailSchema = caseSchema
  .extend({ messages: z.array(caseMessageSchema).describe("Oldest first, internal notes included") })
  .meta({ id: "CaseDetail" });

export const createCaseBody = z.strictObject({
  order_id: id.optional().describe("The order it is about; its e-mail and name are the customer's"),
  order_line_ids: z.array(id).max(100).optional().describe("Lines of that order it is about"),
  type: z.enum(CASE_TYPES),
  subject,
  priority: z.enum(CASE_PRIORITIES).default("normal"),
  customer_email: email.optional().describe("Required without an order"),
  customer_name: text(200).optional(),
  message: body.optional().describe("What the customer said (a public message from them)"),
  internal_note: body.optional().describe("A note for staff only"),
  assignee_id: id.optional().describe("A staff user's id"),
});

export const updateCaseBody = z
  .strictObject({
    type: z.enum(CASE_TYPES).optional(),
    subject: subject.optional(),
    priority: z.enum(CASE_PRIORITIES).optional().describe("Moves the SLA targets"),
    order_line_ids: z.array(id).max(100).optional(),
    customer_name: text(200).nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), "Give at least one field to change");

export const messageBody = z.strictObject({
  body,
  visibility: z
    .enum(["public", "internal"])
    .default("public")
    .describe("public: a reply the customer sees; internal: a note for staff"),
});

export const assignBody = z.strictObject({
  assignee_id: id.nullable().describe("A staff user who may work cases; null: unassigned"),
});

const commaList = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  z
    .string()
    .max(1000)
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(item).min(1).max(max));

export const caseListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  status: commaList(z.enum(CASE_STATUSES), CASE_STATUSES.length)
    .optional()
    .describe("One status or several, comma-separated: new,open,awaiting_customer"),
  type: z.enum(CASE_TYPES).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  order_id: id.optional(),
  assignee_id: id.optional().describe("A user id, or `none` for unassigned cases"),
  customer_email: z.string().trim().max(254).optional(),
  breached: z.enum(["true", "false"]).optional().describe("Whether an SLA target was missed"),
});

// ------------------------------------------------------------------------------------ portal

const proof = {
  number: z.string().trim().min(1).max(40).describe("The order number, as on the confirmation: #10042"),
  email: z.string().trim().min(3).max(254).describe("The order's e-mail"),
};

export const portalProofBody = z.strictObject(proof);

export const portalCreateBody = z.strictObject({
  ...proof,
  type: z.enum(CASE_TYPES),
  subject,
  message: body,
  skus: z.array(z.string().min(1).max(100)).max(100).optional().describe("Items of the order it is about"),
});

export const portalMessageBody = z.strictObject({ ...proof, message: body });

export const portalCaseParams = z.strictObject({ reference: z.string().min(1).max(20) });

export const portalCaseSchema = z
  .object({
    reference: z.string(),
    type: z.enum(CASE_TYPES),
    subject: z.string(),
    status: z.enum(CASE_STATUSES),
    status_label: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    messages: z
      .array(
        z.object({
          from: z.enum(["you", "support"]),
          author_name: z.string(),
          body: z.string(),
          created_at: z.string(),
        }),
      )
      .describe("Public messages only, oldest first"),
  })
  .meta({ id: "PortalCase" });

export type CreateCaseInput = z.infer<typeof createCaseBody>;
export type UpdateCaseInput = z.infer<typeof updateCaseBody>;
export type CaseListQuery = z.infer<typeof caseListQuery>;
export type CaseView = z.infer<typeof caseSchema>;
export type CaseDetail = z.infer<typeof caseDetailSchema>;
export type CaseMessage = z.infer<typeof caseMessageSchema>;
export type PortalCase = z.infer<typeof portalCaseSchema>;
