import { apiRoute, noContent, readJson } from "@/lib/http/api";
import { deleteInbox } from "@/lib/inboxes/delete";
import { getInbox } from "@/lib/inboxes/queries";
import { updateInbox } from "@/lib/inboxes/update";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => getInbox(db, actor, params.id));
export const PATCH = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => updateInbox(db, actor, params.id, await readJson(req)));
export const DELETE = apiRoute<{ id: string }>(async ({ db, actor, params }) => {
  await deleteInbox(db, actor, params.id);
  return noContent();
});

export const { POST, PUT } = otherMethods({ GET, PATCH, DELETE });
