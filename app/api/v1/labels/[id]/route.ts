import { apiRoute, noContent, readJson } from "@/lib/http/api";
import { deleteLabel, getLabel, updateLabel } from "@/lib/labels/labels";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute<{ id: string }>(async ({ db, params }) => getLabel(db, params.id));
export const PATCH = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => updateLabel(db, actor, params.id, await readJson(req)));
export const DELETE = apiRoute<{ id: string }>(async ({ db, actor, params }) => {
  await deleteLabel(db, actor, params.id);
  return noContent();
});

export const { POST, PUT } = otherMethods({ GET, PATCH, DELETE });
