import type { Warehouse } from "@tallyline/warehouse";
import { PrintGrants } from "../pdf/grants";
import { Accounts } from "./accounts";
import { ACCESS_DEFAULTS, type AccessConfig } from "./config";
import { RateLimiter } from "./limiter";
import { Site } from "./site";

/** The rate limits of sign-in and API keys (docs/api.md "Limits"). */
export interface Limits {
  /** Failed sign-ins per account (normalised e-mail) per window. */
  readonly signInAccount: RateLimiter;
  /** Failed sign-ins per client address per window. */
  readonly signInAddress: RateLimiter;
  /** Refused API keys per client address per window. */
  readonly keyFailures: RateLimiter;
}

/**
 * Everything access control needs, built once per server: the accounts service, where the site may
 * be reached from, the rate limits and the request body limit (bytes).
 */
export interface Security {
  readonly accounts: Accounts;
  readonly site: Site;
  readonly limits: Limits;
  readonly bodyLimitBytes: number;
  /** Short-lived read-only credentials of the PDF printer's browser (pdf/grants.ts). */
  readonly printGrants: PrintGrants;
}

/**
 * Builds the {@link Security} of a server over `warehouse`. `access` defaults to
 * {@link ACCESS_DEFAULTS}; `now` is the clock of sessions, keys and limits (ms).
 */
export function createSecurity(
  warehouse: Warehouse,
  options: { access?: Partial<AccessConfig>; now?: () => number; log?: (m: string, e: unknown) => void } = {},
): Security {
  const access = { ...ACCESS_DEFAULTS, ...options.access };
  const now = options.now ?? Date.now;
  const windowMs = access.rateWindowSecs * 1000;
  return {
    accounts: new Accounts(warehouse, {
      now,
      sessionIdleMs: access.sessionIdleHours * 3_600_000,
      sessionMaxMs: access.sessionMaxDays * 86_400_000,
      ...(options.log ? { log: options.log } : {}),
    }),
    site: new Site({ publicUrl: access.publicUrl, allowedHosts: access.allowedHosts, trustProxy: access.trustProxy }),
    limits: {
      signInAccount: new RateLimiter(access.signInLimitAccount, windowMs, now),
      signInAddress: new RateLimiter(access.signInLimitAddress, windowMs, now),
      keyFailures: new RateLimiter(access.keyFailureLimit, windowMs, now),
    },
    bodyLimitBytes: access.bodyLimitBytes,
    printGrants: new PrintGrants(now),
  };
}
