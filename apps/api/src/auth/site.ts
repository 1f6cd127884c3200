import { networkInterfaces } from "node:os";

/** Options of {@link Site}. */
export interface SiteOptions {
  /** The URL people open (an origin: scheme, host, port), e.g. https://reports.example.com. */
  publicUrl?: string | undefined;
  /** More Host values to answer to (`name` or `name:port`). */
  allowedHosts?: readonly string[];
  /** A reverse proxy in front sets X-Forwarded-For, -Host and -Proto (else those headers are ignored). */
  trustProxy?: boolean;
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** True when `host` (a listening address) only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** True when `host` (a listening address) accepts connections on every interface. */
function isWildcard(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  return h === "0.0.0.0" || h === "::" || h === "";
}

/** `host` as it appears in a Host header: IPv6 literals in brackets, lower-case. */
function hostLiteral(host: string): string {
  const h = host.toLowerCase();
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}

/**
 * Where this server may be reached from: the Host values it answers to (against DNS rebinding: a page
 * on another name that resolves to this machine is refused) and the origins whose pages may send
 * cookie-authenticated writes (CSRF). Filled from TALLYLINE_PUBLIC_URL, TALLYLINE_ALLOWED_HOSTS and
 * the address the server listens on ({@link listening}); loopback names are allowed when it listens
 * on loopback, and every interface's address when it listens on all of them.
 */
export class Site {
  readonly #hosts = new Set<string>();
  readonly #origins = new Set<string>();
  readonly publicUrl: URL | undefined;
  readonly trustProxy: boolean;
  #listeningOrigin: string | undefined;

  constructor(options: SiteOptions = {}) {
    this.publicUrl = options.publicUrl ? new URL(options.publicUrl) : undefined;
    this.trustProxy = options.trustProxy ?? false;
    if (this.publicUrl) {
      this.#hosts.add(this.publicUrl.host);
      this.#origins.add(this.publicUrl.origin);
    }
    for (const h of options.allowedHosts ?? []) this.#addHost(h.toLowerCase(), ["http", "https"]);
  }

  /** True when the public URL is https: cookies are then Secure and HSTS is sent. */
  get secure(): boolean {
    return this.publicUrl?.protocol === "https:";
  }

  /** The base URL for links the server prints (the public URL, else the listening address). */
  get baseUrl(): string {
    return this.publicUrl?.origin ?? this.#listeningOrigin ?? "http://127.0.0.1";
  }

  /** The server's own address as an origin (`http://127.0.0.1:PORT` for a wildcard), once listening: where the PDF printer loads pages. */
  get listeningOrigin(): string {
    if (this.#listeningOrigin === undefined) throw new Error("The server is not listening yet");
    return this.#listeningOrigin;
  }

  /** Allows the Host values that reach a server listening on `host:port`. */
  listening(host: string, port: number): void {
    const names = isWildcard(host)
      ? [
          ...LOOPBACK_NAMES,
          ...Object.values(networkInterfaces())
            .flat()
            .flatMap((i) => (i ? [hostLiteral(i.address.replace(/%.*$/, ""))] : [])),
        ]
      : isLoopback(host)
        ? [hostLiteral(host), ...LOOPBACK_NAMES]
        : [hostLiteral(host)];
    for (const name of names) {
      this.#addHost(`${name}:${port}`, ["http"]);
      if (port === 80) this.#addHost(name, ["http"]);
    }
    this.#listeningOrigin = `http://${isWildcard(host) ? "127.0.0.1" : hostLiteral(host)}:${port}`;
  }

  /** True when a request for `host` (a Host header value, `name[:port]`) may be answered. */
  allowsHost(host: string): boolean {
    return this.#hosts.has(host.toLowerCase());
  }

  /** True when a page of `origin` (an Origin header value) may send cookie-authenticated writes. */
  allowsOrigin(origin: string): boolean {
    return this.#origins.has(origin.toLowerCase());
  }

  #addHost(host: string, schemes: readonly string[]): void {
    this.#hosts.add(host);
    for (const s of schemes) this.#origins.add(`${s}://${host}`);
  }
}
