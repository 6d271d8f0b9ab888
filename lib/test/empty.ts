// Stands in for the `server-only` package outside Next.js (vitest, the demo CLI), where the
// import has nothing to guard.
export {};
