import type { SourceAdapter } from "../adapter";
import { delimitedSource } from "../delimitedSource";
import { anonbankAdapter } from "./anonbank";
import { c24Adapters } from "./c24";
import { canonicalAdapter } from "./canonical";
import { ibmTwitterAdapter } from "./ibm-twitter";
import { mappedSource } from "./mapped-chat";

/** Every source adapter, in detection order. Add new adapters here. */
export const adapters: readonly SourceAdapter[] = [
  delimitedSource(anonbankAdapter),
  ...c24Adapters.map((a) => delimitedSource(a)),
  // The call mapping adapter (./mapped) and chat mappings (./mapped-chat) behind one `mapped` id.
  mappedSource,
  ibmTwitterAdapter,
  canonicalAdapter,
];

/** The adapter with id `id`, or undefined. */
export function adapterById(id: string): SourceAdapter | undefined {
  return adapters.find((a) => a.id === id);
}
