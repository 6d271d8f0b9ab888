/**
 * The API version every Meta call (both hosts) is pinned to, so a Meta default change cannot alter
 * payloads. Meta serves each version for about two years (v21.0 ends on 2027-01-21); move this one
 * constant when a newer version is needed. The developers' fake serves only this version.
 */
export const GRAPH_VERSION = "v25.0";
