import { getDb } from "@/db/client";
import { widgetPage } from "@/lib/widget/page";

export const dynamic = "force-dynamic";

/** The chat page inside the loader's iframe (lib/widget/page.ts); `?preview=1` for the admin's Widget tab. */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const preview = new URL(req.url).searchParams.get("preview") === "1";
  return widgetPage(getDb(), (await params).token, { preview });
}
