/**
 * Defaults of public links that the configuration needs (config.ts), in a module without imports:
 * config.ts is loaded by every CLI command, and links.ts pulls in the API's services.
 */

/** Successful public views one client address may make per minute unless configured (TALLYLINE_PUBLIC_VIEW_LIMIT). */
export const DEFAULT_VIEWS_PER_MINUTE = 600;
