import { describe, expect, it } from "vitest";
import { runWithRequestContext, type RequestContext } from "@/lib/request-context";
import { onceForThisPageRequest, sessionCheckedForThisPageRequest } from "./request";

const request = (method: string): RequestContext => ({ clientIp: "192.0.2.1", secure: false, userAgent: null, method });

describe("the session check of a request", () => {
  it("runs once for a GET (proxy.ts, then the page), and the page reads that result", async () => {
    let checks = 0;
    const check = async () => ({ check: ++checks });
    await runWithRequestContext(request("GET"), async () => {
      expect(sessionCheckedForThisPageRequest()).toBeUndefined();
      expect(await onceForThisPageRequest("u:s:1", check)).toEqual({ check: 1 });
      expect(await onceForThisPageRequest("u:s:1", check)).toEqual({ check: 1 });
      expect(await sessionCheckedForThisPageRequest()).toEqual({ check: 1 });
      // Another token in the same request is checked on its own.
      expect(await onceForThisPageRequest("u:s:2", check)).toEqual({ check: 2 });
    });
    expect(checks).toBe(2);
  });

  it("runs every time for a POST (a server action may change the session before it renders), and outside a request", async () => {
    let checks = 0;
    const check = async () => ++checks;
    await runWithRequestContext(request("POST"), async () => {
      await onceForThisPageRequest("u:s:1", check);
      await onceForThisPageRequest("u:s:1", check);
      expect(sessionCheckedForThisPageRequest()).toBeUndefined();
    });
    await onceForThisPageRequest("u:s:1", check);
    expect(checks).toBe(3);
  });

  it("is never shared between two requests", async () => {
    let checks = 0;
    const check = async () => ++checks;
    await runWithRequestContext(request("GET"), () => onceForThisPageRequest("u:s:1", check));
    await runWithRequestContext(request("GET"), async () => {
      expect(sessionCheckedForThisPageRequest()).toBeUndefined();
      expect(await onceForThisPageRequest("u:s:1", check)).toBe(2);
    });
  });
});
