import { hash, verify } from "@node-rs/argon2";

/**
 * Password hashing with argon2id (@node-rs/argon2 defaults: 19 MiB memory, 2 passes, 1 lane, the
 * OWASP recommendation), stored as the PHC string that carries its own salt and parameters.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummy: Promise<string> | undefined;

/**
 * True when `password` matches `stored` (a PHC string). With `stored` undefined (no such user) it
 * still verifies against a fixed hash, so an unknown e-mail costs the same time as a wrong password.
 * Throws when `stored` is not a PHC string (a corrupt row, logged as an internal error).
 */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined) {
    dummy ??= hash("tallyline: no such user");
    await verify(await dummy, password);
    return false;
  }
  return verify(stored, password);
}
