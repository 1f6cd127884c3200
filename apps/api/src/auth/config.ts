import { z } from "zod";

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const positive = (max: number) => z.coerce.number().positive().max(max);

/** A host as it appears in a Host header: `name` or `name:port`, lower-case (IPv6 in brackets). */
const HostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/, "must be host names such as reports.example.com or host:port");

/**
 * The access part of the server configuration (docs/api.md "Access"), validated at start-up.
 * Durations: idle expiry in hours, absolute expiry in days, the rate-limit window in seconds.
 */
export const AccessConfig = z.object({
  publicUrl: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL such as https://reports.example.com" })
    .refine((u) => {
      const url = new URL(u);
      return url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    }, "must be an origin only (scheme, host and port; no path, query or credentials)")
    .optional(),
  allowedHosts: z.array(HostName),
  trustProxy: z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true"),
  sessionIdleHours: positive(24 * 366),
  sessionMaxDays: positive(3660),
  bodyLimitBytes: whole(1024, 1024 ** 3),
  signInLimitAccount: whole(1, 1_000_000),
  signInLimitAddress: whole(1, 1_000_000),
  keyFailureLimit: whole(1, 1_000_000),
  rateWindowSecs: whole(1, 7 * 24 * 3600),
});
export type AccessConfig = z.infer<typeof AccessConfig>;

/** The environment variable behind each field of {@link AccessConfig}. */
export const ACCESS_VARIABLES: Record<keyof AccessConfig, string> = {
  publicUrl: "TALLYLINE_PUBLIC_URL",
  allowedHosts: "TALLYLINE_ALLOWED_HOSTS",
  trustProxy: "TALLYLINE_TRUST_PROXY",
  sessionIdleHours: "TALLYLINE_SESSION_IDLE_HOURS",
  sessionMaxDays: "TALLYLINE_SESSION_MAX_DAYS",
  bodyLimitBytes: "TALLYLINE_BODY_LIMIT_BYTES",
  signInLimitAccount: "TALLYLINE_SIGNIN_LIMIT_ACCOUNT",
  signInLimitAddress: "TALLYLINE_SIGNIN_LIMIT_ADDRESS",
  keyFailureLimit: "TALLYLINE_KEY_FAILURE_LIMIT",
  rateWindowSecs: "TALLYLINE_RATE_WINDOW_SECS",
};

/** Defaults of {@link AccessConfig} (what the README table lists). */
export const ACCESS_DEFAULTS: AccessConfig = {
  allowedHosts: [],
  trustProxy: false,
  sessionIdleHours: 12,
  sessionMaxDays: 7,
  bodyLimitBytes: 1024 * 1024,
  signInLimitAccount: 5,
  signInLimitAddress: 20,
  keyFailureLimit: 20,
  rateWindowSecs: 900,
};

/** The raw values of {@link AccessConfig} from the environment, defaults filled in (validated by the caller). */
export function accessFromEnv(env: NodeJS.ProcessEnv): Record<keyof AccessConfig, unknown> {
  const read = (key: keyof AccessConfig) => {
    const v = env[ACCESS_VARIABLES[key]];
    return v === undefined || v === "" ? undefined : v;
  };
  const hosts = read("allowedHosts");
  return {
    publicUrl: read("publicUrl"),
    allowedHosts:
      typeof hosts === "string"
        ? hosts
            .split(",")
            .map((h) => h.trim())
            .filter(Boolean)
        : [],
    trustProxy: read("trustProxy") ?? "0",
    sessionIdleHours: read("sessionIdleHours") ?? ACCESS_DEFAULTS.sessionIdleHours,
    sessionMaxDays: read("sessionMaxDays") ?? ACCESS_DEFAULTS.sessionMaxDays,
    bodyLimitBytes: read("bodyLimitBytes") ?? ACCESS_DEFAULTS.bodyLimitBytes,
    signInLimitAccount: read("signInLimitAccount") ?? ACCESS_DEFAULTS.signInLimitAccount,
    signInLimitAddress: read("signInLimitAddress") ?? ACCESS_DEFAULTS.signInLimitAddress,
    keyFailureLimit: read("keyFailureLimit") ?? ACCESS_DEFAULTS.keyFailureLimit,
    rateWindowSecs: read("rateWindowSecs") ?? ACCESS_DEFAULTS.rateWindowSecs,
  };
}
