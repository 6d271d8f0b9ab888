import type { FakeProvider } from "./base";
import { createLineFake } from "./line";
import { createTelegramFake } from "./telegram";
import { createBandwidthFake } from "./bandwidth";
import { createTwilioFake } from "./twilio";
import { createInstagramFake, createMetaFake } from "./meta";

/*
 * Every fake provider the e2e global setup starts, keyed by the environment variable that
 * points the app at it. Each channel family adds its factory here.
 */
type Fake = Pick<FakeProvider, "start" | "close">;
type Factory = () => Fake;

const factories: Record<string, Factory> = {
  LINE_API_URL: createLineFake,
  TELEGRAM_API_URL: createTelegramFake,
  TWILIO_API_URL: createTwilioFake,
  BANDWIDTH_API_URL: createBandwidthFake,
  META_GRAPH_API_URL: () => createMetaFake(),
  // Instagram's own host (graph.instagram.com): the same fake, answering as that host.
  INSTAGRAM_API_URL: () => createInstagramFake(),
};

/** Starts all fakes; returns the env for the app (e.g. TELEGRAM_API_URL) and a stop function. */
export async function startFakes(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  const started: Fake[] = [];
  const env: Record<string, string> = {};
  for (const [name, make] of Object.entries(factories)) {
    const fake = make();
    env[name] = await fake.start();
    started.push(fake);
  }
  return { env, stop: async () => void (await Promise.all(started.map((f) => f.close()))) };
}
