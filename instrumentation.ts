export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Build-time imports of the server never have a real database.
  if (!process.env.DATABASE_URL || process.env.DATABASE_URL.includes("build-placeholder")) return;
  const { bootstrap } = await import("./lib/bootstrap");
  await bootstrap();
}
