/** How an agent's capacity reads in the list: null is no cap. */
export const capacityLabel = (capacity: number | null) => (capacity === null ? "No limit" : `${capacity} open`);
