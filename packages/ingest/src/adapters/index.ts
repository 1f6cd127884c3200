import type { DelimitedAdapter } from "../adapter";
import { anonbankAdapter } from "./anonbank";

/** Every delimited-file adapter, in detection order. */
export const adapters: readonly DelimitedAdapter[] = [anonbankAdapter];

/** The adapter with id `id`, or undefined. */
export function adapterById(id: string): DelimitedAdapter | undefined {
  return adapters.find((a) => a.id === id);
}
