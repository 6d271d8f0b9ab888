import { createHmac } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const ADMIN = { name: "Avery Admin", email: "admin@konversio.test", password: "admin-password-1" };

export const baseUrl = () => process.env.E2E_BASE_URL!;
export const baseUrlB = () => process.env.E2E_BASE_URL_B!;

/** Signs in as the administrator, running first-run setup if the workspace is new. */
export async function signInAdmin(page: Page) {
  await page.goto(baseUrl() + "/login");
  if (new URL(page.url()).pathname === "/setup") {
    await page.getByLabel("Your name").fill(ADMIN.name);
    await page.getByLabel("Work email").fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Create administrator" }).click();
  } else if (new URL(page.url()).pathname === "/login") {
    await signIn(page, ADMIN.email, ADMIN.password);
  }
  await expect(page).toHaveURL(/\/conversations/);
}

export async function signIn(page: Page, email: string, password: string, base = baseUrl()) {
  if (!page.url().startsWith(base + "/login")) await page.goto(base + "/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/conversations/);
}

export async function apiToken(request: APIRequestContext, email: string, password: string) {
  const res = await request.post(baseUrl() + "/api/v1/auth/token", { data: { email, password } });
  expect(res.status()).toBe(200);
  return (await res.json()).token as string;
}

/** Posts an inbound message to an api-channel inbox, signed the way integrators must sign it. */
export async function sendSigned(
  request: APIRequestContext,
  inbox: { webhookUrl: string; hmacToken: string },
  body: { contact: { sourceId: string; name?: string; email?: string }; message: { sourceId: string; content: string } },
) {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000).toString();
  const sig = "sha256=" + createHmac("sha256", inbox.hmacToken).update(`${ts}.${raw}`).digest("hex");
  return request.post(inbox.webhookUrl, {
    data: raw,
    headers: { "content-type": "application/json", "x-konversio-timestamp": ts, "x-konversio-signature": sig },
  });
}

export const screenshotPath = (name: string) => `test-results/screenshots/${name}.png`;
