/**
 * Customers: a pool that grows as new people get in touch, from which a share of each day's
 * contacts return. Website visitors (chat) and callers are separate pools.
 */
import type { Campaign, Contact } from "./model";
import type { Random, Weights } from "./random";

/** Languages of the shop's customers, with weights. */
export const LANGUAGES: Weights<string> = [
  ["nl", 55],
  ["en", 22],
  ["de", 10],
  ["fr", 9],
  ["es", 4],
];

/** A pool of contacts with ids `{prefix}{n}` and display names from `name(n)`. */
export class ContactPool {
  readonly #known: Contact[] = [];
  #n = 0;

  constructor(
    private readonly prefix: string,
    private readonly returning: number,
    private readonly name: (n: number) => string,
    private readonly all: Contact[],
  ) {}

  /**
   * The contact of a new conversation or call at `at` in `campaign`: with probability `returning`
   * (0-1) someone seen before (uniformly), else a new contact, added to the pool and to `all`.
   */
  next(rng: Random, at: number, campaign: Campaign): Contact {
    if (this.#known.length > 0 && rng.chance(this.returning)) return rng.pick(this.#known);
    const n = ++this.#n;
    const contact: Contact = {
      raw: `${this.prefix}${n}`,
      campaign,
      firstSeen: at,
      language: rng.weighted(LANGUAGES),
      displayName: this.name(n),
    };
    this.#known.push(contact);
    this.all.push(contact);
    return contact;
  }
}
