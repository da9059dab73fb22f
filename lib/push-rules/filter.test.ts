import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/validation";
import { compileFilter, describeFilter, fieldValue, filterFields, filterSchemaFor, operatorsFor, type Filter } from "./filter";
import { savePushRuleFilterSchema, testPushRuleFilterSchema } from "./schemas";

const RULE = {
  programId: "7b2e4c91-0d3a-4f55-8c6e-2a1f9b8d7e34",
  eventType: "points.earned",
  connectorId: "3f6c1d2e-8a4b-4c6f-9e21-5b7d0a9c4e10",
};

function errorsOf(eventType: Parameters<typeof filterSchemaFor>[0], filter: unknown) {
  const result = filterSchemaFor(eventType).safeParse(filter);
  return result.success ? {} : fieldErrorsOf(result.error);
}

describe("filterFields", () => {
  it("lists the member's and the type's scalar fields from the catalog schema, nested objects flattened", () => {
    const fields = filterFields("points.earned");
    expect(fields.map((f) => f.path)).toEqual([
      "member.id",
      "member.email",
      "member.firstName",
      "member.lastName",
      "member.birthDate",
      "member.level",
      "member.pointsBalance",
      "data.points",
      "data.balance",
      "data.action.id",
      "data.action.name",
    ]);
    expect(fields.find((f) => f.path === "data.points")?.type).toBe("number");
    expect(fields.find((f) => f.path === "member.level")?.type).toBe("string");
  });

  it("carries an enum's values as the field's options", () => {
    expect(filterFields("profile.created").find((f) => f.path === "data.channel")?.options).toEqual([
      "web",
      "mobile_app",
      "pos",
      "import",
      "api",
      "social",
    ]);
  });

  it("offers the operators of the field's type", () => {
    expect(operatorsFor("number")).toEqual(["eq", "ne", "lt", "le", "gt", "ge", "exists", "missing"]);
    expect(operatorsFor("string")).toEqual(["eq", "ne", "in", "not_in", "starts_with", "exists", "missing"]);
    expect(operatorsFor("boolean")).toEqual(["is_true", "is_false", "exists", "missing"]);
  });
});

describe("filter validation", () => {
  it("accepts a filter that fits the schema", () => {
    const filter = {
      match: "all",
      conditions: [
        { field: "data.points", op: "ge", value: 100 },
        { field: "member.level", op: "in", value: ["Gold", "Platinum"] },
        { field: "member.email", op: "exists" },
      ],
    };
    expect(errorsOf("points.earned", filter)).toEqual({});
  });

  it("refuses an unknown field, an operator that does not fit, and values of the wrong type, each at its place", () => {
    const errors = errorsOf("points.earned", {
      match: "all",
      conditions: [
        { field: "data.reward.name", op: "eq", value: "x" },
        { field: "data.points", op: "starts_with", value: "1" },
        { field: "data.points", op: "gt", value: "100" },
        { field: "member.level", op: "eq", value: 3 },
        { field: "member.level", op: "in", value: [] },
        { field: "member.level", op: "in", value: ["Gold", 7] },
        { field: "member.email", op: "exists", value: "x" },
        { field: "data.points", op: "ge", value: Number.NaN },
        { field: "member.identifiers", op: "exists" },
      ],
    });
    expect(errors).toEqual({
      "conditions.0.field": ["data.reward.name is not a field of this event."],
      "conditions.1.op": ["starts with does not apply to a number field; use =, ≠, <, ≤, >, ≥, exists, is missing."],
      "conditions.2.value": ["Enter a number."],
      "conditions.3.value": ["Enter a text value."],
      "conditions.4.value": ["Enter at least one value."],
      "conditions.5.value": ["Enter a text value."],
      "conditions.6.value": ["This operator takes no value."],
      "conditions.7.value": ["Enter a number."],
      "conditions.8.field": ["member.identifiers is not a field of this event."],
    });
  });

  it("refuses a value an enum field cannot have", () => {
    expect(errorsOf("profile.created", { match: "any", conditions: [{ field: "data.channel", op: "eq", value: "fax" }] })).toEqual({
      "conditions.0.value": ["Choose one of: web, mobile_app, pos, import, api, social."],
    });
  });

  it("refuses a bad shape: no conditions, an unknown match or operator", () => {
    expect(errorsOf("points.earned", { match: "all", conditions: [] })).toEqual({
      conditions: ["Add at least one condition, or remove the filter."],
    });
    expect(errorsOf("points.earned", { match: "most", conditions: [{ field: "data.points", op: "like", value: 1 }] })).toEqual({
      match: ["Choose all or any."],
      "conditions.0.op": ["Choose an operator."],
    });
  });

  it("checks the filter against the rule's own event type, under filter.*", () => {
    const result = savePushRuleFilterSchema.safeParse({
      ...RULE,
      eventType: "identifier.added",
      filter: { match: "all", conditions: [{ field: "data.points", op: "ge", value: 1 }] },
    });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!)).toEqual({ "filter.conditions.0.field": ["data.points is not a field of this event."] });
    expect(savePushRuleFilterSchema.parse({ ...RULE, filter: null }).filter).toBeNull();
    expect(fieldErrorsOf(savePushRuleFilterSchema.safeParse(RULE).error!)).toEqual({ filter: ["Send a filter, or null to remove it."] });
    expect(fieldErrorsOf(testPushRuleFilterSchema.safeParse({ ...RULE, filter: null }).error!)).toEqual({
      filter: ["Add at least one condition to test."],
    });
  });
});

describe("compileFilter", () => {
  it("writes fields as quoted accessors and every value as a variable", () => {
    const filter: Filter = {
      match: "all",
      conditions: [
        { field: "data.points", op: "ge", value: 100 },
        { field: "member.level", op: "in", value: ["Gold", "Platinum"] },
        { field: "member.email", op: "missing" },
      ],
    };
    expect(compileFilter(filter)).toEqual({
      path: '($."data"."points" >= $v0) && ($."member"."level" == $v1[*]) && (!exists($."member"."email"))',
      vars: { v0: 100, v1: ["Gold", "Platinum"] },
    });
  });

  it("joins with || for any, and writes the negations so a missing field passes them", () => {
    const filter: Filter = {
      match: "any",
      conditions: [
        { field: "member.level", op: "ne", value: "Gold" },
        { field: "member.level", op: "not_in", value: ["Silver"] },
        { field: "data.action.name", op: "starts_with", value: "In-store" },
      ],
    };
    expect(compileFilter(filter).path).toBe(
      '(!($."member"."level" == $v0)) || (!($."member"."level" == $v1[*])) || ($."data"."action"."name" starts with $v2)',
    );
  });

  it("never puts a value into the path text, whatever it contains", () => {
    const hostile = `") || true || ("' ; drop table events; --`;
    const { path, vars } = compileFilter({ match: "all", conditions: [{ field: "member.level", op: "eq", value: hostile }] });
    expect(path).toBe('($."member"."level" == $v0)');
    expect(vars).toEqual({ v0: hostile });
  });
});

describe("describeFilter and fieldValue", () => {
  it("reads a filter in one line", () => {
    expect(
      describeFilter(
        {
          match: "all",
          conditions: [
            { field: "data.points", op: "ge", value: 100 },
            { field: "member.level", op: "in", value: ["Gold", "Platinum"] },
          ],
        },
        "points.earned",
      ),
    ).toBe("data.points ≥ 100 and member.level in list Gold, Platinum");
  });

  it("finds nested values and leaves missing ones undefined", () => {
    const event = { member: { id: "m-1" }, data: { action: { name: "Visit" } } };
    expect(fieldValue(event, "data.action.name")).toBe("Visit");
    expect(fieldValue(event, "member.level")).toBeUndefined();
    expect(fieldValue(event, "data.action.name.x")).toBeUndefined();
  });
});
