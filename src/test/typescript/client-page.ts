// The page TypeScriptClientTest opens in Chromium: it calls the API through README's example and the generated client.
import { answer, messagesApi } from "./readme-example";

type Operation = "getPublicMessage" | "getProtectedMessage" | "getAdminMessage";

declare global {
  interface Window {
    callApi(basePath: string, operation: Operation, token?: string): Promise<string>;
  }
}

// What the page sees, as JSON for the test: the answer, or what was thrown (name, and the cause's name and message)
window.callApi = async (basePath, operation, token) => {
  try {
    return JSON.stringify(await answer(messagesApi(basePath, token)[operation]()));
  } catch (e) {
    const thrown = e as Error & { cause?: Error };
    return JSON.stringify({ thrown: thrown.name, cause: thrown.cause?.name, causeMessage: thrown.cause?.message });
  }
};
