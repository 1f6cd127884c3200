/**
 * The synthetic data generator (`pnpm tallyline generate`, and the demo data): a deterministic,
 * seeded simulation of a contact centre with a phone line and two chat campaigns, written as
 * canonical rows/files, as the eight Conversation24 exports, and with the ground truth of the
 * figures it produced. See ./generator.ts (options), ./truth.ts (ground-truth.json), ./c24.ts
 * (what the exports carry) and ./writers.ts (files).
 */

export { type DemoOptions, DemoRefusedError, loadDemo } from "./demo";
export { type Generated, type GenerateOptions, generate, type ResolvedOptions } from "./generator";
export { canonicalRows } from "./rows";
export type { CallFigures, FigureSet, Figures, GroundTruth } from "./truth";
export { GENERATED_TABLES, type Written, writeGenerated } from "./writers";
