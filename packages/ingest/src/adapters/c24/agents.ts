/**
 * Conversation24 "Agents" export (seed 003): one row per agent, deleted ones included.
 * Mapping: `agents` with agent_id 'c24:{id}', username, firstname -> first_name, lastname ->
 * last_name, email, account_id 'c24:{account_id}', disabled (seed: 0 active, 1 deleted; yes/no and
 * true/false are also read; the seed prints the 0 as the letter 'o', which is refused).
 * The seed's email column has no name in its table; the header must call it `email`.
 * This is the only Conversation24 export that writes `agents` rows: the others name agents by id only.
 */
import { c24Adapter } from "./common";
import { flag, id, text } from "./parse";

export const agents = c24Adapter({
  id: "c24-agents",
  description: "Conversation24 Agents export (CSV; id, username, firstname, lastname, email, account_id, disabled)",
  columns: ["id", "username", "firstname", "lastname", "email", "account_id", "disabled"],
  required: ["id", "username", "disabled"],
  map: (r) => ({
    agents: [
      {
        agent_id: r.req("id", id),
        ...r.provenance,
        username: r.req("username", text),
        first_name: r.opt("firstname", text),
        last_name: r.opt("lastname", text),
        email: r.opt("email", text),
        account_id: r.opt("account_id", id),
        disabled: r.req("disabled", flag),
      },
    ],
  }),
});
