export { type AppOptions, createApp } from "./app";
export { Accounts, type ApiKeyInfo, type Principal, type Role, type User } from "./auth/accounts";
export { createSecurity, type Security } from "./auth/security";
export { Config, databasePath, loadConfig } from "./config";
export type { AppEnv, Services } from "./env";
export { ApiError, type ApiErrorCode, ErrorBody, errorStatus } from "./errors";
export { isOpenRoute, OPEN_ROUTES } from "./middleware/access";
export { type RunningServer, startServer } from "./server";
