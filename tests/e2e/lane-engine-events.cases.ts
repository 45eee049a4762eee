import { countChanges, summarizeEvents } from "../../tools/e2e/lane/engine-events";

const line = (o: object) => JSON.stringify(o);

describe("changes from the engine's JSON events", () => {
  test("the summary's create, update, replace and delete count; same, read and refresh do not", () => {
    expect(countChanges({ create: 3, update: 1, replace: 1, delete: 2, same: 9, read: 1, refresh: 4 })).toBe(
      7,
    );
    expect(countChanges({ "create-replacement": 1, "delete-replaced": 1, replace: 1 })).toBe(1);
  });

  test("the summaryEvent is read", () => {
    const log = [
      line({ sequence: 0, preludeEvent: { config: {} } }),
      line({ sequence: 1, resourcePreEvent: { metadata: { op: "create", urn: "urn:a" } } }),
      line({ sequence: 2, summaryEvent: { resourceChanges: { create: 41, same: 1 } } }),
      line({ sequence: 3, engineEvent: {} }),
    ].join("\n");
    expect(summarizeEvents(log)).toEqual({
      changes: 41,
      resourceChanges: { create: 41, same: 1 },
      errors: [],
    });
  });

  test("without a summary (a failed run), planned steps are counted once per resource, and errors kept", () => {
    const log = [
      line({ resourcePreEvent: { metadata: { op: "create", urn: "urn:a" } } }),
      line({ resourcePreEvent: { metadata: { op: "create", urn: "urn:a" } } }),
      line({ resourcePreEvent: { metadata: { op: "same", urn: "urn:b" } } }),
      line({ resourcePreEvent: { metadata: { op: "update", urn: "urn:c" } } }),
      line({ diagnosticEvent: { severity: "error", message: "  helm: chart not found\n" } }),
      line({ diagnosticEvent: { severity: "info", message: "fine" } }),
      line({ diagnosticEvent: { severity: "warning", message: "policy: advisory" } }),
      '{"resourcePreEvent": {"metad',
    ].join("\n");
    expect(summarizeEvents(log)).toEqual({
      changes: 2,
      resourceChanges: { create: 1, same: 1, update: 1 },
      errors: ["helm: chart not found", "policy: advisory"],
    });
  });

  test("an empty log is no change", () => {
    expect(summarizeEvents("").changes).toBe(0);
  });
});
