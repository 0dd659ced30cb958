import { describe, expect, it } from "vitest";
import { studyDay, studyDayKeyer, studyDayOfKey } from "@/lib/review";

const HOUR_MS = 3_600_000;
const berlin = { dayStartHour: 4, timeZone: "Europe/Berlin" };
const newYork = { dayStartHour: 4, timeZone: "America/New_York" };
const at = (iso: string) => new Date(iso);
const hours = (day: { start: Date; end: Date }) => (day.end.getTime() - day.start.getTime()) / HOUR_MS;

describe("studyDay", () => {
  it("starts at the day-start hour in Berlin (04:00 CET = 03:00 UTC in winter)", () => {
    expect(studyDay(at("2025-01-15T02:59:59Z"), berlin)).toEqual({
      start: at("2025-01-14T03:00:00Z"),
      end: at("2025-01-15T03:00:00Z"),
      key: "2025-01-14",
    });
    expect(studyDay(at("2025-01-15T03:00:00Z"), berlin)).toEqual({
      start: at("2025-01-15T03:00:00Z"),
      end: at("2025-01-16T03:00:00Z"),
      key: "2025-01-15",
    });
  });

  it("starts at the day-start hour in New York (04:00 EST = 09:00 UTC)", () => {
    expect(studyDay(at("2025-01-15T08:59:00Z"), newYork).key).toBe("2025-01-14");
    expect(studyDay(at("2025-01-15T09:00:00Z"), newYork)).toEqual({
      start: at("2025-01-15T09:00:00Z"),
      end: at("2025-01-16T09:00:00Z"),
      key: "2025-01-15",
    });
    // The same instant is a different study day in the two zones.
    expect(studyDay(at("2025-01-15T05:00:00Z"), berlin).key).toBe("2025-01-15");
    expect(studyDay(at("2025-01-15T05:00:00Z"), newYork).key).toBe("2025-01-14");
  });

  it("lasts 23 hours when clocks go forward and 25 when they go back (Berlin)", () => {
    // 2025-03-30 02:00 CET -> 03:00 CEST, during the study day that began on the 29th.
    const spring = studyDay(at("2025-03-30T00:30:00Z"), berlin);
    expect(spring).toEqual({ start: at("2025-03-29T03:00:00Z"), end: at("2025-03-30T02:00:00Z"), key: "2025-03-29" });
    expect(hours(spring)).toBe(23);
    expect(studyDay(at("2025-03-30T02:00:00Z"), berlin).key).toBe("2025-03-30");
    // 2025-10-26 03:00 CEST -> 02:00 CET.
    const autumn = studyDay(at("2025-10-26T01:30:00Z"), berlin);
    expect(autumn).toEqual({ start: at("2025-10-25T02:00:00Z"), end: at("2025-10-26T03:00:00Z"), key: "2025-10-25" });
    expect(hours(autumn)).toBe(25);
  });

  it("handles New York's DST change too (2025-03-09 02:00 EST -> 03:00 EDT)", () => {
    const spring = studyDay(at("2025-03-09T07:30:00Z"), newYork);
    expect(spring).toEqual({ start: at("2025-03-08T09:00:00Z"), end: at("2025-03-09T08:00:00Z"), key: "2025-03-08" });
    expect(hours(spring)).toBe(23);
  });

  it("starts a day whose start hour the clocks skip when the clocks jump past it", () => {
    const twoAm = { dayStartHour: 2, timeZone: "Europe/Berlin" };
    // There is no 02:00 in Berlin on 2025-03-30: the day starts at 03:00 CEST (01:00 UTC).
    expect(studyDayOfKey("2025-03-30", twoAm).start).toEqual(at("2025-03-30T01:00:00Z"));
    expect(studyDay(at("2025-03-30T00:59:00Z"), twoAm).key).toBe("2025-03-29");
    expect(studyDay(at("2025-03-30T01:00:00Z"), twoAm).key).toBe("2025-03-30");
    // 02:00 happens twice on 2025-10-26: the day starts at the first one (CEST, 00:00 UTC).
    expect(studyDayOfKey("2025-10-26", twoAm).start).toEqual(at("2025-10-26T00:00:00Z"));
  });

  it("keys days like studyDay in the fast keyer, for odd offsets and DST weeks", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/St_Johns", "Australia/Lord_Howe"];
    for (const timeZone of zones) {
      for (const dayStartHour of [0, 4]) {
        const settings = { timeZone, dayStartHour };
        const key = studyDayKeyer(settings);
        for (const from of [Date.UTC(2025, 2, 8), Date.UTC(2025, 2, 28), Date.UTC(2025, 3, 4), Date.UTC(2025, 9, 25)]) {
          for (let t = from; t < from + 3 * 24 * HOUR_MS; t += 11 * 60_000) {
            expect(key(new Date(t))).toBe(studyDay(new Date(t), settings).key);
          }
        }
      }
    }
  });
});
