/**
 * The simulated company: a web shop with a Dutch and a Belgian website, a phone line, two chat
 * campaigns (customer service with a bot behind the help button, and sales), and a shared
 * contact-centre account whose agents help out in customer service. Fixed, so ids are stable
 * across seeds; only the people and the traffic vary.
 */
import type { Account, Campaign, Entrypoint, Host } from "./model";
import type { Weights } from "./random";

const shopNl: Account = { raw: "501", name: "Example Shop NL" };
const shopBe: Account = { raw: "502", name: "Example Shop BE" };
const acme: Account = { raw: "900", name: "Acme Contact Services" };

/** The accounts: the shop's two (websites) and the shared contact-centre account. */
export const accounts = { shopNl, shopBe, acme } as const;

/** The phone line and the two chat campaigns. */
export const campaigns: Readonly<Record<"phone" | "service" | "sales", Campaign>> = {
  phone: { raw: "100", name: "Customer service phone", channel: "call", role: "calls" },
  service: { raw: "301", name: "Customer service chat", channel: "chat", role: "support" },
  sales: { raw: "302", name: "Sales chat", channel: "chat", role: "sales" },
};

/** The websites: the Belgian domain is shared by both accounts (one sourceHash). */
export const hosts: Readonly<Record<"nl" | "be" | "beNl", Host>> = {
  nl: { raw: "701", account: shopNl, hostname: "www.example-shop.nl", multipleAccId: null },
  be: { raw: "702", account: shopBe, hostname: "www.example-shop.be", multipleAccId: "5f3a9c" },
  beNl: { raw: "703", account: shopNl, hostname: "www.example-shop.be", multipleAccId: "5f3a9c" },
};

/** Entry points: per chat campaign a button (bot first) and an automatic invite (agent first). */
export const entrypoints: Readonly<
  Record<"serviceButton" | "serviceInvite" | "salesButton" | "salesInvite", Entrypoint>
> = {
  serviceButton: { raw: "801", name: "Help button", type: "button", campaign: campaigns.service, path: "help" },
  serviceInvite: { raw: "802", name: "Checkout invite", type: "invite", campaign: campaigns.service, path: "checkout" },
  salesButton: { raw: "803", name: "Ask an adviser", type: "button", campaign: campaigns.sales, path: "products" },
  salesInvite: { raw: "804", name: "Pricing page invite", type: "invite", campaign: campaigns.sales, path: "pricing" },
};

/** The account that owns the chat campaigns and their automatic invites. */
export const chatAccount = shopNl;

/** Entry-point types of the Slots export: each agent state is written once per type. */
export const SLOT_TYPES = ["button", "invite"] as const;

/** Entry points of a chat campaign: [button, invite]. */
export function entrypointsOf(campaign: Campaign): readonly [Entrypoint, Entrypoint] {
  return campaign === campaigns.service
    ? [entrypoints.serviceButton, entrypoints.serviceInvite]
    : [entrypoints.salesButton, entrypoints.salesInvite];
}

/** Websites a campaign's conversations start on, with weights. */
export function hostsOf(campaign: Campaign): Weights<Host> {
  return campaign === campaigns.service
    ? [
        [hosts.nl, 70],
        [hosts.be, 20],
        [hosts.beNl, 10],
      ]
    : [
        [hosts.nl, 75],
        [hosts.be, 25],
      ];
}

/**
 * Opening hours of the phone line and the chat team, in local seconds of the day: weekdays
 * 08:00-20:00, weekends 09:00-17:00. The bot answers around the clock.
 */
export function openingHours(weekend: boolean): { open: number; close: number } {
  return weekend ? { open: 9 * 3600, close: 17 * 3600 } : { open: 8 * 3600, close: 20 * 3600 };
}
