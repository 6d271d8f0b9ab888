import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api-docs/openapi";
import { appUrl } from "@/lib/env";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export function GET() {
  return NextResponse.json(openApiDocument(appUrl("/api/v1")));
}

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
