import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api-docs/openapi";
import { appUrl } from "@/lib/env";

export const dynamic = "force-dynamic";

export function GET() {
  return NextResponse.json(openApiDocument(appUrl("/api/v1")));
}
