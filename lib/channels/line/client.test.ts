import { afterEach, describe, expect, it } from "vitest";
import { apiBase, dataBase, describe as describeError, readLineError } from "./client";

const saved = process.env.LINE_API_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.LINE_API_URL;
  else process.env.LINE_API_URL = saved;
});

describe("LINE hosts", () => {
  it("downloads content from api-data.line.me by default, and from LINE_API_URL when it points elsewhere", () => {
    delete process.env.LINE_API_URL;
    expect(apiBase()).toBe("https://api.line.me");
    expect(dataBase()).toBe("https://api-data.line.me");
    process.env.LINE_API_URL = "https://api.line.me/";
    expect(dataBase()).toBe("https://api-data.line.me");
    process.env.LINE_API_URL = "http://127.0.0.1:4010";
    expect(dataBase()).toBe("http://127.0.0.1:4010");
  });
});

describe("LINE error bodies", () => {
  it("reads message and details, and survives bodies that are not LINE's", async () => {
    const body = { message: "The request body has 1 error(s)", details: [{ message: "May not be empty", property: "messages[0].text" }] };
    const e = await readLineError(new Response(JSON.stringify(body), { status: 400 }));
    expect(describeError(e)).toBe("The request body has 1 error(s): May not be empty (messages[0].text)");
    expect(await readLineError(new Response("<html>Bad gateway</html>", { status: 502 }))).toEqual({ status: 502, message: "<html>Bad gateway</html>", details: [] });
    expect((await readLineError(new Response("", { status: 503 }))).message).toBe("HTTP 503");
  });
});
