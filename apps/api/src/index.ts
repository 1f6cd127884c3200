export { type AppOptions, createApp } from "./app";
export { Config, databasePath, loadConfig } from "./config";
export type { AppEnv, Services } from "./env";
export { ApiError, type ApiErrorCode, ErrorBody, errorStatus } from "./errors";
export { type RunningServer, startServer } from "./server";
