/** The URL the UI uses for a contact's picture; `v` changes when the picture does, so caches stay right. */
export const avatarUrlFor = (contactId: string, avatarAt: Date | null) =>
  avatarAt ? `/api/contacts/${contactId}/avatar?v=${avatarAt.getTime().toString(36)}` : null;
