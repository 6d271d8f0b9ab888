// Types for build-widget.mjs, which stays plain JavaScript so `npm run widget:build` needs no build step.

/** Where the generated module is written: lib/widget/client/bundle.generated.ts. */
export const OUTPUT: string;

/** The generated module's text and its parts, built in memory. */
export function buildWidgetChat(): Promise<{ module: string; js: string; css: string; hash: string }>;
