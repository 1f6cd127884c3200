/**
 * The optional public link of a scheduled mail (issue 15; a schedule's `publicLink` option): each run
 * makes a snapshot public link (links.ts `create`, mode 'snapshot') of the reports the mail shows, for
 * the run's period, the schedule's zone, filters and segment, owned by the schedule's owner (a user
 * or an API key, with the role it has now), expiring after {@link PUBLIC_LINK_DAYS} days. A new link
 * every run: a mail's link keeps showing the numbers of that mail.
 */
import type { Role } from "../auth/accounts";
import type { Services } from "../env";
import { type LinkCreator, type Links, linksOf } from "../links/links";
import type { PublicLinkSource } from "./scheduler";
import { PUBLIC_LINK_DAYS, type StoredSchedule } from "./schedules";

/**
 * The owner of a schedule as links.ts records a link's creator, with the role it has now. Throws an
 * Error when the owner no longer exists or is disabled/revoked (no link is made in its name).
 */
async function ownerCreator(services: Services, s: StoredSchedule): Promise<LinkCreator> {
  if (s.owner.kind === "user") {
    const [u] = await services.warehouse.query<{ role: Role }>(
      "SELECT role FROM app_users WHERE user_id = $1 AND NOT disabled",
      [s.owner.id],
    );
    if (!u) throw new Error(`the schedule's owner (user ${s.owner.id}) does not exist or is disabled`);
    return { kind: "user", id: s.owner.id, role: u.role };
  }
  const [k] = await services.warehouse.query<{ role: Role }>(
    "SELECT role FROM app_api_keys WHERE key_id = $1 AND revoked_at IS NULL",
    [s.owner.id],
  );
  if (!k) throw new Error(`the schedule's owner (API key ${s.owner.id}) does not exist or is revoked`);
  return { kind: "key", id: s.owner.id, role: k.role };
}

/**
 * A {@link PublicLinkSource} over the app's services; `baseUrl` is the origin of the `/r/<token>`
 * URL; `links` the app's links (default: the warehouse's, which the app uses unless given its own).
 */
export function schedulePublicLinks(
  services: Services,
  baseUrl: string,
  links: Links = linksOf(services),
): PublicLinkSource {
  return async (s, period, segment, reportIds) => {
    const caller = await ownerCreator(services, s);
    const query = { from: period.from, to: period.to, timezone: s.timezone, filters: s.filters };
    const { token, link } = await links.create(
      {
        label: `Schedule "${s.name}", ${period.from} to ${period.to}`.slice(0, 100),
        mode: "snapshot",
        title: `${s.name}: ${period.from} to ${period.to}`.slice(0, 200),
        queries: reportIds.map((reportId) => ({ reportId, query })),
        ...(segment ? { segmentId: segment.id } : {}),
        expiresInDays: PUBLIC_LINK_DAYS,
      },
      caller,
    );
    return { url: `${baseUrl.replace(/\/$/, "")}/r/${token}`, expiresAt: link.expiresAt };
  };
}
