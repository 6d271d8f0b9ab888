import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { loadActor } from "@/lib/access/actor";
import { checkCredentials } from "@/lib/auth/credentials";
import { issueLoginToken } from "@/lib/auth/tokens";
import { closeIfAbandoned } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { errorResponse, readJson } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export async function POST(req: Request) {
  try {
    const db = getDb();
    const { id } = await checkCredentials(db, await readJson(req), clientIp(req.headers));
    const user = (await loadActor(db, id))!;
    return NextResponse.json({ token: await issueLoginToken(db, id), user });
  } catch (e) {
    return closeIfAbandoned(req, errorResponse(e));
  }
}

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
