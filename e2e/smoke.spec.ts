import { expect, test } from "@playwright/test";
import { ADMIN, apiToken, baseUrl, sendSigned, signInAdmin } from "./support/app";

test("@smoke first run, sign in, and a signed message reaches the workspace", async ({ page, request, browser }) => {
  await signInAdmin(page);

  const token = await apiToken(request, ADMIN.email, ADMIN.password);
  const auth = { authorization: `Bearer ${token}` };
  const created = await request.post(baseUrl() + "/api/v1/inboxes", {
    headers: auth,
    data: { name: `Smoke ${Date.now()}`, channel: { type: "api" } },
  });
  expect(created.status()).toBe(201);
  const inbox = await created.json();

  const sourceId = `smoke-${Date.now()}`;
  const first = await sendSigned(request, inbox, { contact: { sourceId: "visitor-1", name: "Sam Smoke" }, message: { sourceId, content: "Hello from the smoke test" } });
  expect(first.status()).toBe(201);
  const again = await sendSigned(request, inbox, { contact: { sourceId: "visitor-1", name: "Sam Smoke" }, message: { sourceId, content: "Hello from the smoke test" } });
  expect(again.status()).toBe(200);
  expect(await again.json()).toEqual(await first.json());

  const list = await request.get(baseUrl() + `/api/v1/conversations?inboxId=${inbox.id}`, { headers: auth });
  expect(list.status()).toBe(200);
  expect((await list.json()).data).toHaveLength(1);

  await page.goto(baseUrl() + "/conversations?view=all");
  await expect(page.getByText("Sam Smoke").first()).toBeVisible();

  const anon = await browser.newContext();
  const login = await anon.newPage();
  await login.goto(baseUrl() + "/login");
  await expect(login.getByRole("button", { name: "Sign in" })).toBeVisible();
  await anon.close();
});
