import pg from "pg";

/** One statement on its own short-lived connection (creating and dropping test databases, test-side reads). */
export async function queryOnce(url: string, text: string, values?: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}
