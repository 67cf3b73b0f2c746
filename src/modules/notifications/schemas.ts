import { z } from "zod";
import { pageQuerySchema } from "../../http/pagination.js";
import { text } from "../../http/schemas.js";

export const notificationSchema = z
  .object({
    id: z.string(),
    event_id: z.string().nullable(),
    template: z.string(),
    channel: z.literal("email"),
    to: z.string(),
    locale: z.string(),
    subject: z.string(),
    resource_type: z.string(),
    resource_id: z.string(),
    status: z
      .enum(["pending", "sent", "stored", "failed"])
      .describe("`stored`: no SMTP server configured — kept here instead of sent"),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    message_id: z.string().nullable(),
    sent_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "Notification" });

export const notificationDetailSchema = notificationSchema
  .extend({ text: z.string(), html: z.string() })
  .meta({ id: "NotificationDetail" });

export const notificationQuery = pageQuerySchema.extend({
  resource_type: z.string().max(64).optional(),
  resource_id: z.string().max(64).optional(),
  status: z.enum(["pending", "sent", "stored", "failed"]).optional(),
  template: z.string().max(64).optional(),
  to: z.string().max(254).optional(),
});

export const brandingSchema = z
  .object({
    merchant_name: z.string(),
    logo_url: z.string().nullable(),
    brand_color: z.string(),
    support_email: z.string().nullable(),
  })
  .meta({ id: "MerchantSettings" });

export const updateBrandingBody = z.strictObject({
  merchant_name: text(120).pipe(z.string().min(1)).optional(),
  logo_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  brand_color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "A colour as #rrggbb")
    .optional(),
  support_email: z.email().max(254).nullable().optional(),
});
