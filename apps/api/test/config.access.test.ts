import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";

describe("access configuration from the environment", () => {
  it("has the documented defaults", () => {
    expect(loadConfig({})).toMatchObject({
      allowedHosts: [],
      trustProxy: false,
      sessionIdleHours: 12,
      sessionMaxDays: 7,
      bodyLimitBytes: 1_048_576,
      signInLimitAccount: 5,
      signInLimitAddress: 20,
      keyFailureLimit: 20,
      rateWindowSecs: 900,
    });
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });

  it("reads every variable", () => {
    expect(
      loadConfig({
        TALLYLINE_PUBLIC_URL: "https://reports.example.com",
        TALLYLINE_ALLOWED_HOSTS: " Tally.LAN:8787 , 10.0.0.5 ",
        TALLYLINE_TRUST_PROXY: "1",
        TALLYLINE_SESSION_IDLE_HOURS: "0.5",
        TALLYLINE_SESSION_MAX_DAYS: "30",
        TALLYLINE_BODY_LIMIT_BYTES: "65536",
        TALLYLINE_SIGNIN_LIMIT_ACCOUNT: "10",
        TALLYLINE_SIGNIN_LIMIT_ADDRESS: "50",
        TALLYLINE_KEY_FAILURE_LIMIT: "40",
        TALLYLINE_RATE_WINDOW_SECS: "60",
      }),
    ).toMatchObject({
      publicUrl: "https://reports.example.com",
      allowedHosts: ["tally.lan:8787", "10.0.0.5"],
      trustProxy: true,
      sessionIdleHours: 0.5,
      sessionMaxDays: 30,
      bodyLimitBytes: 65536,
      signInLimitAccount: 10,
      signInLimitAddress: 50,
      keyFailureLimit: 40,
      rateWindowSecs: 60,
    });
  });

  it("stops with the name of each bad variable", () => {
    const bad = {
      TALLYLINE_PUBLIC_URL: "https://reports.example.com/tallyline",
      TALLYLINE_ALLOWED_HOSTS: "good.example,bad host",
      TALLYLINE_TRUST_PROXY: "yes",
      TALLYLINE_BODY_LIMIT_BYTES: "10",
      TALLYLINE_SIGNIN_LIMIT_ACCOUNT: "0",
    };
    expect(() => loadConfig(bad)).toThrow(
      /TALLYLINE_PUBLIC_URL: must be an origin only[\s\S]*TALLYLINE_ALLOWED_HOSTS: must be host names[\s\S]*TALLYLINE_TRUST_PROXY[\s\S]*TALLYLINE_BODY_LIMIT_BYTES[\s\S]*TALLYLINE_SIGNIN_LIMIT_ACCOUNT/,
    );
    expect(() => loadConfig({ TALLYLINE_PUBLIC_URL: "ftp://x.example" })).toThrow(
      /TALLYLINE_PUBLIC_URL: must be an http/,
    );
  });
});
