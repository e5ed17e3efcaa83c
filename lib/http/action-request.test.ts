import { describe, expect, it } from "vitest";
import {
  ACTION_BODY_LIMIT_BYTES,
  actionRequestKind,
  declaredLengthRefusal,
  multipartBodyRefusal,
  originRefusal,
  textBodyRefusal,
} from "./action-request";

describe("which requests are server actions", () => {
  it("follows Next: a POST with Next-Action, or a multipart POST", () => {
    expect(actionRequestKind("POST", { "next-action": "7f00", "content-type": "text/plain;charset=UTF-8" })).toBe("fetch");
    expect(actionRequestKind("POST", { "next-action": "7f00", "content-type": "multipart/form-data; boundary=x" })).toBe("fetch");
    expect(actionRequestKind("POST", { "content-type": "multipart/form-data; boundary=x" })).toBe("form");
    expect(actionRequestKind("POST", { "content-type": "application/x-www-form-urlencoded" })).toBeNull();
    expect(actionRequestKind("GET", { "next-action": "7f00" })).toBeNull();
  });
});

describe("the Origin of a server action", () => {
  it("accepts the request's own host, whatever the case or a default port", () => {
    expect(originRefusal("http://localhost:3000", "localhost:3000")).toBeNull();
    expect(originRefusal("https://twofold.example", "Twofold.Example:443")).toBeNull();
    expect(originRefusal("http://twofold.example", "twofold.example")).toBeNull();
  });

  it("refuses another host, another port, null, garbage and a missing Origin with a 403 and a reason", () => {
    for (const [origin, host] of [
      ["http://evil.test", "localhost:3000"],
      ["http://localhost:3001", "localhost:3000"],
      ["http://localhost:3000.evil.test", "localhost:3000"],
      ["null", "localhost:3000"],
      ["garbage", "localhost:3000"],
      ["http://localhost:3000", undefined],
      ["http://localhost:3000", "localhost:3000/x@evil"],
    ] as const) {
      const refusal = originRefusal(origin, host);
      expect(refusal, `${origin} on ${host}`).toMatchObject({ status: 403, code: "ORIGIN_MISMATCH" });
      expect(refusal?.message).toMatch(/^Server action refused: /);
    }
    expect(originRefusal(undefined, "localhost:3000")).toMatchObject({ status: 403, code: "ORIGIN_MISSING" });
  });

  it("keeps an attacker's long Origin out of the message", () => {
    expect(originRefusal(`http://${"a".repeat(5000)}.test`, "localhost")?.message.length).toBeLessThan(300);
  });
});

describe("the declared length of a server action's body", () => {
  it("refuses more than the limit with a 413 and anything but digits with a 400", () => {
    expect(declaredLengthRefusal(undefined)).toBeNull();
    expect(declaredLengthRefusal(String(ACTION_BODY_LIMIT_BYTES))).toBeNull();
    expect(declaredLengthRefusal(String(ACTION_BODY_LIMIT_BYTES + 1))).toMatchObject({ status: 413, code: "ACTION_BODY_TOO_LARGE" });
    expect(declaredLengthRefusal("99999999999999999999999")).toMatchObject({ status: 400 });
    expect(declaredLengthRefusal("-1")).toMatchObject({ status: 400 });
  });
});

describe("a fetch action's text body", () => {
  it("accepts what React sends: a JSON list with inline values and repeated objects", () => {
    for (const body of [
      '[{"ids":["a","b"]},"$0:0","$0:0:ids:1"]',
      JSON.stringify([Array.from({ length: 200_000 }, () => 0)]),
      "[]",
      '[{"email":"a@b.c","password":"x","callbackUrl":"$undefined"}]',
      '[["id-1","id-2"],"$$literal dollar","$D2026-01-01T00:00:00.000Z","$n-12345","$NaN","$Infinity","$-Infinity","$-0","$T","$K1"]',
    ]) {
      expect(textBodyRefusal(body), body).toBeNull();
    }
  });

  it("refuses what makes React's decoder throw with a 400 and a reason", () => {
    const cases: [string, RegExp][] = [
      ["", /not JSON/],
      ["hello{", /not JSON/],
      ['"x"', /not a list/],
      ["5", /not a list/],
      ["null", /not a list/],
      ["{}", /not a list/],
      ['["$1"]', /part it does not have/],
      ['["$@1"]', /part it does not have/],
      ['["$Q1"]', /value type/],
      ['["$h1"]', /value type/],
      ['["$zz"]', /part it does not have/],
      ['["$"]', /part it does not have/],
      ['[{"deep":[{"x":"$F1"}]}]', /part it does not have/],
      ['["$B1"]', /file it does not have/],
      ['["$n12x"]', /invalid number/],
      [`["$n${"9".repeat(301)}"]`, /invalid number/],
      ['["$R1"]', /value type/],
      ['["$o1"]', /value type/],
      ['[{"a":1},"$0:2"]', /value it does not have/],
      ['[{"a":1},"$0:0:b"]', /value it does not have/],
      ['[{"a":1},"$0:0:a:b"]', /value it does not have/],
      ['[{},"$0:0:__proto__"]', /value it does not have/],
      [`[${"[".repeat(100)}${"]".repeat(100)}]`, /nested too deeply/],
    ];
    for (const [body, reason] of cases) {
      const refusal = textBodyRefusal(body);
      expect(refusal, body).toMatchObject({ status: 400, code: "ACTION_BODY_INVALID" });
      expect(refusal?.message, body).toMatch(reason);
    }
  });
});

describe("a multipart action body", () => {
  const file = new Blob(["x"]);

  it("accepts a fetch action whose rows all exist, including a form's entries and files", () => {
    const entries: [string, string | Blob][] = [
      ["0", '["$undefined","$K1","$a","$B2","$@a","$a:nested:0"]'],
      ["1_email", "a@b.c"],
      ["10", '{"nested":"$b"}'],
      ["11", '["deep"]'],
      ["2", file],
    ];
    expect(multipartBodyRefusal("fetch", entries)).toBeNull();
  });

  it("refuses a fetch action with no row 0, a row that is not JSON, or a missing row", () => {
    expect(multipartBodyRefusal("fetch", [["x", "1"]])?.message).toMatch(/no arguments/);
    expect(multipartBodyRefusal("fetch", [["0", "hello"]])?.message).toMatch(/not JSON/);
    expect(
      multipartBodyRefusal("fetch", [
        ["0", '["$1"]'],
        ["1", "nope"],
      ])?.message,
    ).toMatch(/part of the body is not JSON/);
    expect(multipartBodyRefusal("fetch", [["0", '["$1"]']])?.message).toMatch(/part it does not have/);
    expect(
      multipartBodyRefusal("fetch", [
        ["0", '["$B1"]'],
        ["1", "not a file"],
      ])?.message,
    ).toMatch(/file it does not have/);
    expect(
      multipartBodyRefusal("fetch", [
        ["0", '["$1:x:y"]'],
        ["1", "{}"],
      ])?.message,
    ).toMatch(/value it does not have/);
    expect(
      multipartBodyRefusal("fetch", [
        ["0", '["$1:x"]'],
        ["1", '"$1"'],
      ])?.message,
    ).toMatch(/value it does not have|circles/);
    expect(
      multipartBodyRefusal("fetch", [
        ["0", '["$1:x"]'],
        ["1", '"$1:x"'],
      ])?.message,
    ).toMatch(/circles/);
  });

  it("checks a form's bound action rows and leaves other forms to Next", () => {
    expect(multipartBodyRefusal("form", [["email", "a@b.c"]])).toBeNull();
    expect(
      multipartBodyRefusal("form", [
        ["$ACTION_ID_7f00", ""],
        ["email", "a@b.c"],
      ]),
    ).toBeNull();
    const bound: [string, string][] = [
      ["$ACTION_REF_1", ""],
      ["$ACTION_1:0", '{"id":"7f00","bound":"$@1"}'],
      ["$ACTION_1:1", '["$undefined"]'],
      ["$ACTION_KEY", "k0"],
    ];
    expect(multipartBodyRefusal("form", bound)).toBeNull();
    expect(
      multipartBodyRefusal("form", [
        ["$ACTION_REF_1", ""],
        ["$ACTION_1:0", "junk"],
      ])?.message,
    ).toMatch(/not JSON/);
    expect(
      multipartBodyRefusal("form", [
        ["$ACTION_REF_1", ""],
        ["$ACTION_1:0", '{"id":"7f00","bound":"$@1"}'],
      ])?.message,
    ).toMatch(/part it does not have/);
    expect(
      multipartBodyRefusal("form", [
        ["$ACTION_REF_1", ""],
        ["$ACTION_1:0", "[]"],
      ])?.message,
    ).toMatch(/not an action reference/);
  });
});
