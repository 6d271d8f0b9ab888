// `npm run db:migrate`: applies migrations to DATABASE_URL (PostgreSQL only; `npm start` migrates the embedded database itself).
import { loadDotEnv, migrate } from "./runtime.mjs";

loadDotEnv();
if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is not set. (npm start migrates the embedded database by itself.)");
  process.exit(1);
}
await migrate(process.env.DATABASE_URL);
console.log("Migrations applied.");
