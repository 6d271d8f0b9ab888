import "server-only";
import { subscribe as subscribeChannel } from "node:diagnostics_channel";
import type { Server, ServerResponse } from "node:http";
import { log } from "@/lib/log";

/*
 * Graceful shutdown (docs/architecture.md §6.10). `next start` has its own SIGTERM/SIGINT handler,
 * but it closes the HTTP server and waits for *every* connection to end before it exits: an open
 * event stream never ends, and a keep-alive socket whose request was running at the signal stays
 * open for the whole keepAliveTimeout (65 s, scripts/runtime.mjs), so the process did not stop.
 * When it did, it exited at once with 143 without stopping the job workers, so a running delivery
 * was cut and stayed "active" until it expired. This module replaces that handler with one path.
 */

/** Everything is over by then, whatever still runs (the process exits with 1). */
export const SHUTDOWN_DEADLINE_MS = 9_500;
/** How long requests in flight at the signal may take to finish. */
const REQUEST_GRACE_MS = 8_000;
/** How long a running job may take to finish; after that pg-boss fails it and another instance retries it. */
const JOB_GRACE_MS = 6_000;
/** A repeat this soon is the same request delivered twice (a shell and npm both pass Ctrl+C on). */
const REPEAT_SIGNAL_MS = 1_000;

export type ShutdownSteps = {
  /** Stops taking jobs and waits up to `graceMs` for the running ones. */
  stopJobs(graceMs: number): Promise<void>;
  /** Closes connections the requests and jobs used (LISTEN client, pools): runs after both are done. */
  closeConnections(): Promise<void>;
};

type State = {
  installed: boolean;
  servers: Set<Server>;
  /** Responses not yet finished or closed: the requests in flight, event streams among them. */
  active: Set<ServerResponse>;
  /** Things to end when the shutdown starts (open event streams). */
  hooks: Set<() => void>;
  stopping?: { signal: string; at: number };
  onIdle?: () => void;
};
// On globalThis: Next bundles instrumentation and each route separately, and they share this state.
const g = globalThis as unknown as { __konversioShutdown?: State };
const state = (g.__konversioShutdown ??= { installed: false, servers: new Set(), active: new Set(), hooks: new Set() });

export function isShuttingDown(): boolean {
  return state.stopping !== undefined;
}

/**
 * Runs `end` when the shutdown starts (at once if it already has), so a long-lived response (an
 * event stream) ends and its client reconnects to another instance. Returns the unregistration.
 */
export function onShutdown(end: () => void): () => void {
  if (state.stopping) {
    queueMicrotask(end);
    return () => {};
  }
  state.hooks.add(end);
  return () => state.hooks.delete(end);
}

/** After the signal a connection serves no further request: the client opens a new one elsewhere. */
function closeWhenIdle(server: Server) {
  server.closeIdleConnections();
}

function track(response: ServerResponse, server: Server) {
  state.servers.add(server);
  state.active.add(response);
  if (state.stopping) response.setHeader("connection", "close");
  response.once("close", () => {
    state.active.delete(response);
    if (!state.stopping) return;
    // The socket is idle only once the response has been written out.
    setImmediate(() => closeWhenIdle(server));
    if (state.active.size === 0) state.onIdle?.();
  });
}

function requestsDone(ms: number): Promise<boolean> {
  if (state.active.size === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    state.onIdle = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
}

async function shutdown(signal: string, steps: ShutdownSteps) {
  const started = Date.now();
  state.stopping = { signal, at: started };
  log.info("shutdown", `${signal} received: stopping within ${SHUTDOWN_DEADLINE_MS / 1000} s`);
  setTimeout(() => {
    log.warn("shutdown", `not done after ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway`);
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();

  // No new connections; idle keep-alive ones close now, busy ones once their response is out.
  for (const server of state.servers) {
    server.close();
    closeWhenIdle(server);
  }
  for (const response of state.active) if (!response.headersSent) response.setHeader("connection", "close");
  const streams = [...state.hooks];
  state.hooks.clear();
  for (const end of streams) {
    try {
      end();
    } catch (e) {
      log.warn("shutdown", "ending a stream failed", e);
    }
  }

  const [, drained] = await Promise.all([
    steps.stopJobs(JOB_GRACE_MS).catch((e) => log.error("shutdown", "stopping the job workers failed", e)),
    requestsDone(REQUEST_GRACE_MS),
  ]);
  if (!drained) log.warn("shutdown", `${state.active.size} request(s) still running; closing anyway`);
  await steps.closeConnections().catch((e) => log.error("shutdown", "closing database connections failed", e));
  log.info("shutdown", `stopped in ${Date.now() - started} ms (${streams.length} event stream(s) ended)`);
  process.exit(0);
}

/**
 * Takes over SIGTERM and SIGINT for this process (once). Next's own handlers are removed unless
 * NEXT_MANUAL_SIG_HANDLE already kept Next from adding them (`npm start` sets it): they would
 * still close the server their way and exit with 143 in the middle of ours.
 */
export function installShutdown(steps: ShutdownSteps): void {
  if (state.installed) return;
  state.installed = true;
  // Next does not hand its HTTP server to the app; Node announces each request with it.
  subscribeChannel("http.server.request.start", (message) => {
    const { response, server } = message as { response: ServerResponse; server: Server };
    track(response, server);
  });
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
    process.removeAllListeners("SIGTERM");
    process.removeAllListeners("SIGINT");
  }
  const onSignal = (signal: NodeJS.Signals) => {
    if (!state.stopping) return void shutdown(signal, steps);
    if (Date.now() - state.stopping.at < REPEAT_SIGNAL_MS) return;
    log.warn("shutdown", `${signal} received again: exiting now`);
    process.exit(1);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
