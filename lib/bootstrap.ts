import "server-only";
import { closeDb, getDb } from "@/db/client";
import { env } from "@/lib/env";
import { getBoss, stopBossGracefully } from "@/lib/jobs/queue";
import { closeBus } from "@/lib/realtime/bus";
import { installShutdown } from "@/lib/shutdown";
import { startWorkers } from "@/lib/jobs/worker";
import { bootstrapAdminFromEnv } from "@/lib/users/setup";
import { log } from "@/lib/log";

/** Runs once when an app instance starts: validate config, take over SIGTERM/SIGINT, seed the admin from env, start job workers. */
export async function bootstrap(): Promise<void> {
  try {
    env();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  // `next dev` restarts and stops its own server process; graceful shutdown is for `next start`.
  if (process.env.NODE_ENV === "production") {
    installShutdown({
      stopJobs: (graceMs) => stopBossGracefully(graceMs),
      closeConnections: async () => {
        await Promise.allSettled([closeBus(), closeDb()]);
      },
    });
  }
  await bootstrapAdminFromEnv(getDb());
  // Start the queue before any request can enqueue a job: on the embedded database, starting it
  // lazily from inside a request's transaction would wait forever for a connection.
  await getBoss().catch((e) => log.error("jobs", "queue failed to start", e));
  if (env().KONVERSIO_WORKER) {
    await startWorkers().catch((e) => log.error("jobs", "workers failed to start", e));
  }
}
