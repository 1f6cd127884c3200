/**
 * A real SMTP server on 127.0.0.1 for mail tests (`smtp-server`), keeping every message it accepted
 * parsed by `mailparser`. `refuse(n, code)` makes the next `n` RCPT commands fail with `code`
 * (451: temporary, retried; 550: permanent).
 */
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Received {
  readonly raw: string;
  readonly parsed: ParsedMail;
  readonly to: string[];
}

export async function smtpServer() {
  const received: Received[] = [];
  let refusals = 0;
  let refusalCode = 451;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refusals > 0) {
        refusals--;
        const err = new Error(refusalCode >= 500 ? "5.1.1 Mailbox unavailable" : "4.3.0 Try again later") as Error & {
          responseCode: number;
        };
        err.responseCode = refusalCode;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          raw,
          parsed: await simpleParser(raw, { keepCidLinks: true }),
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  const port: number = await new Promise((ok) => {
    server.listen(0, "127.0.0.1", () => {
      const a = server.server.address();
      ok(typeof a === "object" && a ? a.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse(n: number, code = 451) {
      refusals = n;
      refusalCode = code;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
