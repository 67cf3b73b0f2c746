import { z } from "zod";

// Shapes shared by many routes.

export const idParams = z.strictObject({ id: z.string().min(1).max(64) });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  // Problems carry members of their own (`existing_id`, `current_version`, `retry_after_seconds`…).
  .loose()
  .meta({ id: "Problem" });

/** Text that people type: trimmed, bounded, and free of control characters. */
export const text = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      (s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s),
      "Must not contain control characters",
    );

export const isoDateTime = z.iso.datetime({ offset: true });
