/** Shared steps of the narrative routes. */
import type { Context } from "hono";
import type { Principal } from "../auth/accounts";
import type { AppEnv } from "../env";
import { mapped, mayDelete, narrativesOf } from "./service";

/** Deletes report `id` when `p` may (its creator or an admin): 404 unknown, 403 not allowed. */
export async function mapDelete(c: Context<AppEnv>, id: string, p: Principal): Promise<void> {
  await mapped(async () => {
    const store = narrativesOf(c);
    const n = await store.get(id);
    mayDelete(p, n.author);
    await store.delete(id);
  });
}
