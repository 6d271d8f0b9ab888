const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids; anything else cannot exist, and must be a 404 rather than a database error. */
export const isUuid = (value: string): boolean => UUID.test(value);

/** A conversation's #number as typed in URLs ("1042" or "#1042"), if it fits the column. */
export function conversationNumber(value: string | number): number | null {
  const n = typeof value === "number" ? value : /^#?\d{1,10}$/.test(value) ? Number(value.replace("#", "")) : NaN;
  return Number.isInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
}
