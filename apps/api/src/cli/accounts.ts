/**
 * Accounts on the command line (the server must be stopped: it owns the database file):
 *   user add --email E --role admin|member [--name N] [--password-stdin] [--db FILE]
 *   user list [--json] [--db FILE]
 *   key create --name NAME --role admin|member [--expires DAYS] [--db FILE]   (the key alone on the last line)
 *   key list [--json] [--db FILE]
 *   key revoke ID [--db FILE]                                                (ID: the key id or the key)
 * The password is read from a hidden prompt on a terminal, else from standard input with
 * --password-stdin (one line; a trailing newline is dropped). Exit status 1 when a value is refused.
 */
import type { Warehouse } from "@tallyline/warehouse";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { z } from "zod";
import type { Role } from "../auth/accounts";
import { EmailSchema, NameSchema, PasswordSchema } from "../auth/schemas";
import { createSecurity } from "../auth/security";
import { apiKeyId } from "../auth/tokens";

/** Opens the database of `--db` (or the configured one) for this process. */
export type OpenDb = (db: string | undefined) => Promise<Warehouse>;

/** A commander parser from a zod schema: the parsed value, or the schema's message. */
const parsed =
  <T>(schema: z.ZodType<T>) =>
  (v: string): T => {
    const r = schema.safeParse(v);
    if (!r.success) throw new InvalidArgumentError(r.error.issues[0]?.message ?? "is not valid");
    return r.data;
  };

const days = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 3650) throw new InvalidArgumentError("must be a whole number of days, 1-3650");
  return n;
};

const roleOption = () =>
  new Option("--role <role>", "admin (manages users and keys) or member (reads reports)")
    .choices(["admin", "member"])
    .makeOptionMandatory();

async function withAccounts<T>(
  openDb: OpenDb,
  db: string | undefined,
  fn: (a: ReturnType<typeof createSecurity>["accounts"]) => Promise<T>,
): Promise<T> {
  const wh = await openDb(db);
  try {
    return await fn(createSecurity(wh).accounts);
  } finally {
    await wh.close();
  }
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let value = "";
    const done = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") {
          done();
          return resolve(value);
        }
        if (ch === "\u0003" || ch === "\u0004") {
          done();
          return reject(new Error("cancelled"));
        }
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** The new user's password: from standard input, or typed twice on a terminal. */
async function readPassword(fromStdin: boolean): Promise<string> {
  let password: string;
  if (fromStdin) password = await readStdin();
  else if (process.stdin.isTTY) {
    password = await promptHidden("Password (12 characters or more): ");
    if ((await promptHidden("Password again: ")) !== password) throw new Error("the two passwords differ");
  } else {
    throw new Error("no terminal to ask the password on: pass --password-stdin and write it to standard input");
  }
  const r = PasswordSchema.safeParse(password);
  if (!r.success) throw new Error(`password: ${r.error.issues[0]?.message}`);
  return r.data;
}

const table = (rows: string[][]) => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
};

/** Registers `user` and `key` on `program`; `openDb` opens the database (main.ts's, with its lock message). */
export function registerAccounts(program: Command, openDb: OpenDb): void {
  const user = program.command("user").description("Add and list users (stop the server first)");
  user
    .command("add")
    .description("Add a user who signs in to the dashboard")
    .requiredOption("--email <email>", "e-mail address (the sign-in name)", parsed(EmailSchema))
    .addOption(roleOption())
    .option("--name <name>", "display name", parsed(NameSchema))
    .option("--password-stdin", "read the password from standard input instead of a prompt")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .action(async (o: { email: string; role: Role; name?: string; passwordStdin?: boolean; db?: string }) => {
      const password = await readPassword(o.passwordStdin ?? false);
      const u = await withAccounts(openDb, o.db, (a) =>
        a.createUser({ email: o.email, password, role: o.role, name: o.name ?? null }),
      );
      console.log(`Added ${u.role} ${u.email} (id ${u.id}).`);
    });
  user
    .command("list")
    .description("List users")
    .option("--json", "print JSON")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .action(async (o: { json?: boolean; db?: string }) => {
      const users = await withAccounts(openDb, o.db, (a) => a.listUsers());
      if (o.json) return void console.log(JSON.stringify({ items: users }, null, 2));
      if (users.length === 0) return void console.log("No users yet.");
      console.log(
        table([
          ["EMAIL", "ROLE", "STATE", "LAST SIGN-IN", "ID"],
          ...users.map((u) => [u.email, u.role, u.disabled ? "disabled" : "active", u.lastSignInAt ?? "never", u.id]),
        ]),
      );
    });

  const key = program.command("key").description("Create, list and revoke API keys (stop the server first)");
  key
    .command("create")
    .description("Create an API key; the key is printed once, alone on the last line")
    .requiredOption("--name <name>", "what the key is for", parsed(NameSchema))
    .addOption(roleOption())
    .option("--expires <days>", "the key stops working after this many days", days)
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .action(async (o: { name: string; role: Role; expires?: number; db?: string }) => {
      const created = await withAccounts(openDb, o.db, (a) =>
        a.createKey({
          name: o.name,
          role: o.role,
          expiresAt: o.expires === undefined ? null : Date.now() + o.expires * 86_400_000,
        }),
      );
      const { info } = created;
      console.log(
        `Created ${info.role} API key ${info.id} "${info.name}"${info.expiresAt ? `, expires ${info.expiresAt}` : ", no expiry"}. It is shown only now; send it as 'Authorization: Bearer <key>':`,
      );
      console.log(created.key);
    });
  key
    .command("list")
    .description("List API keys (never their secrets)")
    .option("--json", "print JSON")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .action(async (o: { json?: boolean; db?: string }) => {
      const keys = await withAccounts(openDb, o.db, (a) => a.listKeys());
      if (o.json) return void console.log(JSON.stringify({ items: keys }, null, 2));
      if (keys.length === 0) return void console.log("No API keys yet.");
      console.log(
        table([
          ["ID", "NAME", "ROLE", "STATE", "LAST USED", "EXPIRES"],
          ...keys.map((k) => [
            k.id,
            k.name,
            k.role,
            k.revokedAt ? `revoked ${k.revokedAt}` : "active",
            k.lastUsedAt ?? "never",
            k.expiresAt ?? "never",
          ]),
        ]),
      );
    });
  key
    .command("revoke")
    .description("Revoke an API key at once")
    .argument("<id>", "the key id (as listed) or the key itself")
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .action(async (id: string, o: { db?: string }) => {
      const keyId = apiKeyId(id.trim());
      if (!keyId) throw new Error(`${id.slice(0, 20)} is not an API key id (12 hex digits) or key`);
      const info = await withAccounts(openDb, o.db, (a) => a.revokeKey(keyId));
      console.log(`Revoked API key ${info.id} "${info.name}".`);
    });
}
