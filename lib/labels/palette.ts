/**
 * The label colours offered in Settings → Labels: muted mid-tones that read as a small dot on
 * white and dark surfaces alike. Label colours are data (any #rrggbb is accepted), which is why
 * they live here and not among the theme tokens.
 */
export const LABEL_PALETTE = [
  { name: "Slate", color: "#64748b" },
  { name: "Red", color: "#d9534f" },
  { name: "Orange", color: "#e07b39" },
  { name: "Amber", color: "#d4a017" },
  { name: "Olive", color: "#8a9a3b" },
  { name: "Green", color: "#3f9a5b" },
  { name: "Teal", color: "#2f9c95" },
  { name: "Sky", color: "#3a8fd1" },
  { name: "Indigo", color: "#5753d0" },
  { name: "Violet", color: "#8b5cc9" },
  { name: "Pink", color: "#cf5c9a" },
  { name: "Brown", color: "#9a6b4f" },
] as const;

export const DEFAULT_LABEL_COLOR = LABEL_PALETTE[7].color;
