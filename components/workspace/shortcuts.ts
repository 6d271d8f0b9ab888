/** The workspace's keyboard shortcuts, shown in the ? dialog and the empty thread pane. */
export const SHORTCUTS: { keys: string[]; label: string; group: "List" | "Conversation" | "Composer" | "General" }[] = [
  { keys: ["J"], label: "Next conversation", group: "List" },
  { keys: ["K"], label: "Previous conversation", group: "List" },
  { keys: ["↵"], label: "Open conversation", group: "List" },
  { keys: ["/"], label: "Search", group: "List" },
  { keys: ["C"], label: "New email", group: "List" },
  { keys: ["R"], label: "Reply", group: "Conversation" },
  { keys: ["N"], label: "Private note", group: "Conversation" },
  { keys: ["E"], label: "Resolve", group: "Conversation" },
  { keys: ["A"], label: "Assign", group: "Conversation" },
  { keys: ["L"], label: "Labels", group: "Conversation" },
  { keys: ["↵"], label: "Send (chat channels)", group: "Composer" },
  { keys: ["⌘/Ctrl", "↵"], label: "Send (any channel)", group: "Composer" },
  { keys: ["Shift", "↵"], label: "New line", group: "Composer" },
  { keys: ["Esc"], label: "Leave the composer", group: "Composer" },
  { keys: ["Shift", "B"], label: "Busy / online", group: "General" },
  { keys: ["?"], label: "Show shortcuts", group: "General" },
];
