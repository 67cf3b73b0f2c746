// Pure slot generation: local times in the location's time zone (DST included), cut-off, lead
// time, holidays and the deterministic slot ids.
import { describe, expect, it } from "vitest";
import {
  generateSlots,
  instantInDay,
  occurrenceOn,
  parseSlotId,
  type SlotTemplate,
  secondsIntoDay,
  slotId,
  templateProblems,
  unbookableReason,
  worksDuring,
} from "../../src/domain/scheduling.js";

const ID = "stpl_01JABCDEFGHJKMNPQRSTVWXYZ0";
const template = (over: Partial<SlotTemplate> = {}): SlotTemplate => ({
  id: ID,
  weekday: 1,
  start: "09:00",
  end: "12:00",
  capacity: 10,
  kind: "delivery",
  skill: null,
  cutoffHours: 0,
  leadDays: 0,
  holidays: [],
  ...over,
});
const NY = "America/New_York";

describe("slot generation", () => {
  it("places local times in the location's time zone", () => {
    // Monday 2026-06-01: New York is UTC−4 in summer.
    const slot = occurrenceOn(template(), "2026-06-01", NY)!;
    expect(slot.startsAt).toBe("2026-06-01T13:00:00.000Z");
    expect(slot.endsAt).toBe("2026-06-01T16:00:00.000Z");
    // Monday 2026-01-05: UTC−5 in winter.
    expect(occurrenceOn(template(), "2026-01-05", NY)!.startsAt).toBe("2026-01-05T14:00:00.000Z");
    expect(occurrenceOn(template(), "2026-06-01", "Asia/Tokyo")!.startsAt).toBe("2026-06-01T00:00:00.000Z");
  });

  it("keeps the wall clock across DST changes", () => {
    // Sunday 2026-03-08 (spring forward at 02:00) and Sunday 2026-11-01 (fall back) in New York.
    const sunday = template({ weekday: 0, start: "08:00", end: "10:00" });
    expect(occurrenceOn(sunday, "2026-03-08", NY)!.startsAt).toBe("2026-03-08T12:00:00.000Z");
    expect(occurrenceOn(sunday, "2026-03-01", NY)!.startsAt).toBe("2026-03-01T13:00:00.000Z");
    expect(occurrenceOn(sunday, "2026-11-01", NY)!.startsAt).toBe("2026-11-01T13:00:00.000Z");
    // The spring-forward day has 23 hours: 08:00 local is 7 hours after midnight.
    expect(secondsIntoDay("2026-03-08", "2026-03-08T12:00:00.000Z", NY)).toBe(7 * 3600);
    expect(instantInDay("2026-03-08", 7 * 3600, NY)).toBe("2026-03-08T12:00:00.000Z");
    // Europe/Berlin, last Sunday of March.
    expect(occurrenceOn(sunday, "2026-03-29", "Europe/Berlin")!.startsAt).toBe("2026-03-29T06:00:00.000Z");
  });

  it("generates only the template's weekday, skips holidays, and orders by start", () => {
    const monday = template();
    const tuesday = template({
      id: "stpl_01JABCDEFGHJKMNPQRSTVWXYZ1",
      weekday: 2,
      start: "07:00",
      end: "08:00",
    });
    const slots = generateSlots(
      [tuesday, { ...monday, holidays: ["2026-06-08"] }],
      "2026-06-01",
      "2026-06-14",
      NY,
    );
    expect(slots.map((s) => s.date)).toEqual(["2026-06-01", "2026-06-02", "2026-06-09"]);
    expect(occurrenceOn({ ...monday, holidays: ["2026-06-08"] }, "2026-06-08", NY)).toBeNull();
  });

  it("closes a slot at its cut-off and inside the lead time", () => {
    const t = template({ cutoffHours: 2, leadDays: 0 });
    const slot = occurrenceOn(t, "2026-06-01", NY)!;
    expect(slot.cutoffAt).toBe("2026-06-01T11:00:00.000Z");
    expect(unbookableReason(t, slot, new Date("2026-06-01T10:59:00Z"), NY)).toBeNull();
    expect(unbookableReason(t, slot, new Date("2026-06-01T11:00:00Z"), NY)).toBe("past-cutoff");
    const lead = template({ leadDays: 2 });
    const s2 = occurrenceOn(lead, "2026-06-01", NY)!;
    // 2026-05-30 22:00 in New York is already 05-31 in UTC: the local day counts.
    expect(unbookableReason(lead, s2, new Date("2026-05-31T02:00:00Z"), NY)).toBeNull();
    expect(unbookableReason(lead, s2, new Date("2026-05-31T05:00:00Z"), NY)).toBe("within-lead-time");
  });

  it("names slots by template and date, and reads the names back", () => {
    const id = slotId(ID, "2026-06-01");
    expect(id).toBe("slot_01JABCDEFGHJKMNPQRSTVWXYZ0_20260601");
    expect(parseSlotId(id)).toEqual({ templateId: ID, date: "2026-06-01" });
    expect(parseSlotId("slot_01JABCDEFGHJKMNPQRSTVWXYZ0_20260231")).toBeNull();
    expect(parseSlotId("nonsense")).toBeNull();
  });

  it("checks templates and working hours", () => {
    expect(templateProblems({ ...template(), end: "08:00" })).toContain("end must be after start");
    expect(templateProblems({ ...template(), skill: "hvac" })).toContain("a delivery slot takes no skill");
    const hours = [{ weekday: 1, start: "08:00", end: "17:00" }];
    expect(worksDuring(hours, 1, "09:00", "12:00")).toBe(true);
    expect(worksDuring(hours, 1, "16:00", "18:00")).toBe(false);
    expect(worksDuring(hours, 2, "09:00", "12:00")).toBe(false);
  });
});
