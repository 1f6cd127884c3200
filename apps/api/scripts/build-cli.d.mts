/** Types of build-cli.mjs (the compiled CLI's build and freshness check; see that file). */
/** The repository root. */
export declare const REPO: string;
/** The output folder, apps/api/dist. */
export declare const DIST: string;
/** The compiled entry point, apps/api/dist/cli.mjs. */
export declare const CLI: string;
/** The TypeScript entry point, apps/api/src/cli/main.ts. */
export declare const MAIN: string;
/** The freshness record of the last build, apps/api/dist/build-info.json. */
export declare const BUILD_INFO: string;
/** True when dist/cli.mjs exists and no file it was built from changed since (size and mtime); `infoPath` default {@link BUILD_INFO}. */
export declare function cliFresh(infoPath?: string): boolean;
/** Builds dist unless fresh (or `force`); resolves with whether it built and its wall seconds. */
export declare function buildCli(options?: { force?: boolean; quiet?: boolean }): Promise<{
  built: boolean;
  seconds: number;
}>;
