import { z } from "@hono/zod-openapi";

/** Control characters (NUL, newlines...) and invisible format characters (bidi overrides, zero-width). */
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** A role. */
export const RoleSchema = z.enum(["admin", "member"]).openapi("Role", {
  description: "`admin` manages users and API keys and reads everything; `member` reads reports.",
});

/** An e-mail address (at most 254 characters, spaces around it ignored); stored trimmed and lower-case. */
export const EmailSchema = z
  .string({ error: "must be an e-mail address such as ana@example.com" })
  .trim()
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ error: "must be an e-mail address such as ana@example.com" }))
  .openapi({ example: "ana@example.com", format: "email" });

/** A password: 12 to 256 characters, no control characters. */
export const PasswordSchema = z
  .string({ error: "must be a string" })
  .min(12, "must be at least 12 characters")
  .max(256, "must be at most 256 characters")
  .refine((p) => !/\p{Cc}/u.test(p), "must not contain control characters")
  .openapi({ example: "correct horse battery staple", format: "password" });

/** A display name: 1 to 100 characters after trimming, no control or invisible formatting characters. */
export const NameSchema = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine((n) => !HIDDEN.test(n), "must not contain control or invisible formatting characters");

/** A user id (a UUID). */
export const UserIdSchema = z.uuid({ error: "must be a user id (a UUID)" }).openapi({
  param: { name: "userId", in: "path" },
  example: "0b7e6a52-3f7e-4c69-9d0e-7f1c2b1e9a10",
});

/** An API key id (12 hex digits, the part after `tl_`). */
export const KeyIdSchema = z
  .string()
  .regex(/^[0-9a-f]{12}$/, "must be an API key id (12 hex digits, e.g. 3f9a0c1b2d4e)")
  .openapi({ param: { name: "keyId", in: "path" }, example: "3f9a0c1b2d4e" });

const Instant = z.iso.datetime().openapi({ example: "2026-12-01T09:30:00.000Z" });

/** A user as the API shows it. */
export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: RoleSchema,
    disabled: z.boolean().openapi({ description: "A disabled user cannot sign in; their sessions were ended." }),
    createdAt: Instant,
    updatedAt: Instant,
    lastSignInAt: Instant.nullable(),
  })
  .openapi("User");

/** An API key as the API shows it (never its secret). */
export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "3f9a0c1b2d4e" }),
    name: z.string(),
    role: RoleSchema,
    prefix: z.string().openapi({ example: "tl_3f9a0c1b2d4e_", description: "The visible start of the key." }),
    createdBy: z.string().nullable().openapi({ description: "User id of the creator; null when made on the CLI." }),
    createdAt: Instant,
    lastUsedAt: Instant.nullable(),
    expiresAt: Instant.nullable(),
    revokedAt: Instant.nullable(),
  })
  .openapi("ApiKey");

/** The session part of a principal. */
const SessionInfo = z.object({
  id: z.string(),
  expiresAt: Instant.openapi({ description: "Absolute end of the session." }),
  idleExpiresAt: Instant.openapi({ description: "End of the session if no request comes before." }),
});

/** Who is calling. */
export const PrincipalSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("session"), role: RoleSchema, user: UserSchema, session: SessionInfo }),
    z.object({ kind: z.literal("key"), role: RoleSchema, key: ApiKeySchema }),
  ])
  .openapi("Principal");

/** The answer of sign-in and setup: the signed-in user and their session (the cookie carries the token). */
export const SignedInSchema = z
  .object({ user: UserSchema, session: SessionInfo })
  .openapi("SignedIn", { description: "The session token is in the Set-Cookie header only." });
