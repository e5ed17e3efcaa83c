import { describe, expect, it } from "vitest";
import { codeForStep, formatSetupKey, matchTotpStep, otpauthUri, timeStep } from "./totp";

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
  it("builds the otpauth URI of DESIGN §1 and a base32 setup key", () => {
    const uri = new URL(otpauthUri(RFC_SECRET, "alice@acme.test"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Twofold:alice@acme.test");
    expect(uri.searchParams.get("issuer")).toBe("Twofold");
    expect(uri.searchParams.get("algorithm")).toBe("SHA1");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("secret")).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(formatSetupKey(RFC_SECRET)).toBe("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
  });
});
