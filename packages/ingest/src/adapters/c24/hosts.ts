/**
 * Conversation24 "Hosts" export (seed 003): the websites of an account.
 * Mapping: `hosts` with host_id 'c24:{id}', account_id 'c24:{account_id}', hostname (required),
 * multiple_acc_id 'c24:{multiple_acc_id}' (the sourceHash shared by accounts on one domain; empty is NULL).
 */
import { c24Adapter } from "./common";
import { id, text } from "./parse";

export const hosts = c24Adapter({
  id: "c24-hosts",
  description: "Conversation24 Hosts export (CSV; id, account_id, hostname, multiple_acc_id)",
  columns: ["id", "account_id", "hostname", "multiple_acc_id"],
  required: ["id", "hostname"],
  map: (r) => ({
    hosts: [
      {
        host_id: r.req("id", id),
        ...r.provenance,
        account_id: r.opt("account_id", id),
        hostname: r.req("hostname", text),
        multiple_acc_id: r.opt("multiple_acc_id", id),
      },
    ],
  }),
});
