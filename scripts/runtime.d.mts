// Types for runtime.mjs, which stays plain JavaScript so the npm scripts run without a build step.

/** The repository's root folder. */
export const root: string;

/** `next start` options: keep-alive sockets outlive clients' pools (see runtime.mjs). */
export const NEXT_START_ARGS: string[];

/** Whether `npm start` would build first: no build yet, `force`, or sources newer than .next/BUILD_ID. */
export function needsBuild(options?: { force?: boolean }): boolean;

/** Loads `.env` from the repository root into process.env, if there is one. */
export function loadDotEnv(): void;

/** KONVERSIO_DATA_DIR (default `.data`), created if missing. */
export function dataDir(): string;

/** Sets AUTH_SECRET from the data folder, generating and keeping one on first use. */
export function ensureAuthSecret(): void;

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number>;

export type EmbeddedPostgres = {
  /** Connection string for the served database. */
  readonly url: string;
  stop(): Promise<void>;
};

export function startEmbeddedPostgres(options?: { dir?: string; port?: number; maxConnections?: number }): Promise<EmbeddedPostgres>;

/** Applies db/migrations to the database at `databaseUrl`. */
export function migrate(databaseUrl: string): Promise<void>;

/** The first Chromium binary found (CHROMIUM_PATH first), if any. */
export function chromiumPath(): string | undefined;
