import { describe, expect, it } from "vitest";
import { Secret, TOTP, URI } from "otpauth";
import { clockDriftMinutes, codeForStep, findNearMiss, formatSetupKey, matchTotpStep, otpauthUri, timeStep, totpIssuer, type NearMiss } from "./totp";

// RFC 6238 Appendix B, SHA1: seed "12345678901234567890" (ASCII), T0 = 0, X = 30 s.
const RFC_SECRET = Buffer.from("12345678901234567890", "ascii");
const RFC_VECTORS: [seconds: number, code: string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

const at = (seconds: number) => new Date(seconds * 1000);

describe("TOTP codes", () => {
  it.each(RFC_VECTORS)("matches RFC 6238 at %i s: %s", (seconds, code) => {
    expect(codeForStep(RFC_SECRET, timeStep(at(seconds)), 8)).toBe(code);
  });

  it.each(RFC_VECTORS)("gives the 6-digit tail at %i s as a string, leading zeros kept", (seconds, code) => {
    const tail = code.slice(2);
    expect(codeForStep(RFC_SECRET, timeStep(at(seconds)))).toBe(tail);
    expect(matchTotpStep({ secret: RFC_SECRET, code: tail, now: at(seconds), lastStep: null })).toEqual({
      step: timeStep(at(seconds)),
      replayed: false,
    });
  });

  it("keeps the zero of 081804 and refuses it without", () => {
    const now = at(1111111109);
    expect(codeForStep(RFC_SECRET, timeStep(now))).toBe("081804");
    expect(matchTotpStep({ secret: RFC_SECRET, code: "81804", now, lastStep: null })).toBeNull();
  });
});

describe("the acceptance window", () => {
  const now = at(1_700_000_015);
  const t = timeStep(now);
  const codeAt = (step: number) => codeForStep(RFC_SECRET, step);

  it("accepts the codes of steps T-1, T and T+1", () => {
    for (const step of [t - 1, t, t + 1]) {
      expect(matchTotpStep({ secret: RFC_SECRET, code: codeAt(step), now, lastStep: null })).toEqual({ step, replayed: false });
    }
  });

  it("refuses the codes of steps T-2 and T+2", () => {
    for (const step of [t - 2, t + 2]) {
      expect(matchTotpStep({ secret: RFC_SECRET, code: codeAt(step), now, lastStep: null })).toBeNull();
    }
  });

  it("tells a step at or below the last accepted one (a replay) from no match", () => {
    expect(matchTotpStep({ secret: RFC_SECRET, code: codeAt(t), now, lastStep: t })).toEqual({ step: t, replayed: true });
    expect(matchTotpStep({ secret: RFC_SECRET, code: codeAt(t - 1), now, lastStep: t + 1 })).toEqual({ step: t - 1, replayed: true });
    expect(matchTotpStep({ secret: RFC_SECRET, code: codeAt(t + 1), now, lastStep: t })).toEqual({ step: t + 1, replayed: false });
    expect(matchTotpStep({ secret: RFC_SECRET, code: codeAt(t - 2), now, lastStep: t })).toBeNull();
  });

  it("refuses anything but six digits", () => {
    for (const code of ["", "12345", "1234567", "abcdef", "12 34 5"]) {
      expect(matchTotpStep({ secret: RFC_SECRET, code, now, lastStep: null })).toBeNull();
    }
  });
});

describe("enrolment material", () => {
  const acme = { email: "alice@acme.test", organisationName: "Acme Corp" };

  it("builds the otpauth URI of DESIGN §1, naming the organisation, and a base32 setup key", () => {
    expect(otpauthUri(RFC_SECRET, acme)).toBe(
      "otpauth://totp/Twofold%20(Acme%20Corp):alice%40acme.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Twofold%20(Acme%20Corp)&algorithm=SHA1&digits=6&period=30",
    );
    const uri = new URL(otpauthUri(RFC_SECRET, acme));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Twofold (Acme Corp):alice@acme.test");
    expect(uri.searchParams.get("issuer")).toBe("Twofold (Acme Corp)");
    expect(uri.searchParams.get("algorithm")).toBe("SHA1");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("secret")).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(formatSetupKey(RFC_SECRET)).toBe("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
  });

  it("reads back in an authenticator library as the same issuer, account and codes", () => {
    const parsed = URI.parse(otpauthUri(RFC_SECRET, acme));
    expect(parsed).toBeInstanceOf(TOTP);
    expect(parsed.issuer).toBe("Twofold (Acme Corp)");
    expect(parsed.label).toBe("alice@acme.test");
    expect(parsed.generate({ timestamp: 1_700_000_015_000 })).toBe(codeForStep(RFC_SECRET, timeStep(at(1_700_000_015))));
  });

  it.each([
    ["Acme: Labs", "Twofold (Acme Labs)"],
    ["R&D / Q&A #1?", "Twofold (R&D / Q&A #1?)"],
    ["50% + more", "Twofold (50% + more)"],
    ["Line\nbreak\tand  spaces ", "Twofold (Line break and spaces)"],
    [":::", "Twofold"],
    ["Zürich AG", "Twofold (Zürich AG)"],
  ])("keeps the URI valid for the organisation name %j", (organisationName, issuer) => {
    expect(totpIssuer(organisationName)).toBe(issuer);
    const text = otpauthUri(RFC_SECRET, { email: "a@b.test", organisationName });
    // One colon in the path (issuer:account), no space or '+' for a space, nothing unencoded that ends the path or the query.
    const path = text.slice("otpauth://totp/".length, text.indexOf("?"));
    expect(path.split(":")).toHaveLength(2);
    expect(text).not.toMatch(/[\s+#]/);
    const uri = new URL(text);
    expect(uri.searchParams.get("issuer")).toBe(issuer);
    expect(decodeURIComponent(path)).toBe(`${issuer}:a@b.test`);
    expect(URI.parse(text).issuer).toBe(issuer);
  });

  it("verifies codes of a secret enrolled under the old name (issuer Twofold): only the name changed", () => {
    const old = URI.parse(
      `otpauth://totp/Twofold:alice%40acme.test?issuer=Twofold&secret=${Secret.fromHex(RFC_SECRET.toString("hex")).base32}&algorithm=SHA1&digits=6&period=30`,
    );
    const now = at(1_700_000_015);
    const code = old.generate({ timestamp: now.getTime() });
    expect(matchTotpStep({ secret: RFC_SECRET, code, now, lastStep: null })).toEqual({ step: timeStep(now), replayed: false });
  });
});

describe("clock drift: near misses", () => {
  const now = at(1_700_000_015);
  const t = timeStep(now);
  const codeAt = (step: number) => codeForStep(RFC_SECRET, step);
  const nearMiss = (offset: number) => findNearMiss({ secret: RFC_SECRET, code: codeAt(t + offset), now });

  it("is no near miss inside the accepted window (|d| <= 1)", () => {
    for (const offset of [-1, 0, 1]) expect(nearMiss(offset)).toBeNull();
  });

  it("finds steps 2 to 20 away either way, and not 21", () => {
    for (const offset of [2, -2, 8, -8, 20, -20]) expect(nearMiss(offset)).toEqual({ step: t + offset, offset });
    for (const offset of [21, -21, 40]) expect(nearMiss(offset)).toBeNull();
  });

  it("is none for a code of no step near, or not six digits", () => {
    const near = new Set(Array.from({ length: 41 }, (_, i) => codeAt(t - 20 + i)));
    const unrelated = ["000000", "123456", "999999", "314159"].find((code) => !near.has(code))!;
    expect(findNearMiss({ secret: RFC_SECRET, code: unrelated, now })).toBeNull();
    expect(findNearMiss({ secret: RFC_SECRET, code: codeAt(t + 8).slice(1), now })).toBeNull();
    expect(findNearMiss({ secret: RFC_SECRET, code: "abcdef", now })).toBeNull();
  });
});

describe("clock drift: two near misses", () => {
  const miss = (step: number, offset: number): NearMiss => ({ step, offset });

  it("tells nothing from a single near miss", () => {
    expect(clockDriftMinutes(null, miss(108, 8))).toBeNull();
    expect(clockDriftMinutes(miss(108, 8), null)).toBeNull();
  });

  it("reads a consistent pair of different steps as minutes fast (+) or slow (-)", () => {
    expect(clockDriftMinutes(miss(108, 8), miss(109, 9))).toBe(4); // 8.5 steps = 4.25 minutes
    expect(clockDriftMinutes(miss(108, 8), miss(109, 8))).toBe(4);
    expect(clockDriftMinutes(miss(92, -8), miss(93, -8))).toBe(-4);
    expect(clockDriftMinutes(miss(102, 2), miss(103, 2))).toBe(1);
    expect(clockDriftMinutes(miss(98, -2), miss(97, -3))).toBe(-1);
    expect(clockDriftMinutes(miss(120, 20), miss(121, 20))).toBe(10);
    expect(clockDriftMinutes(miss(119, 19), miss(121, 20))).toBe(10);
  });

  it("ignores inconsistent offsets", () => {
    expect(clockDriftMinutes(miss(108, 8), miss(110, 10))).toBeNull();
    expect(clockDriftMinutes(miss(102, 2), miss(98, -2))).toBeNull();
  });

  it("counts the same code (the same step) typed twice as one observation", () => {
    expect(clockDriftMinutes(miss(108, 8), miss(108, 8))).toBeNull();
    expect(clockDriftMinutes(miss(108, 8), miss(108, 7))).toBeNull(); // typed again in the next step
  });

  it("ignores stored offsets outside 2..20", () => {
    expect(clockDriftMinutes(miss(101, 1), miss(102, 1))).toBeNull();
    expect(clockDriftMinutes(miss(121, 21), miss(122, 21))).toBeNull();
  });
});
