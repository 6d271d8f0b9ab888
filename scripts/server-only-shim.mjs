// `node --import ./scripts/server-only-shim.mjs`: lets the app's TypeScript run outside Next.js
// (the demo CLI). The `server-only` package throws unless bundled for the server, where it
// only marks modules; here it resolves to an empty module.
import { register } from "node:module";

const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`;

register("data:text/javascript," + encodeURIComponent(hooks));
