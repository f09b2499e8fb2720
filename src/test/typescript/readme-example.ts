import { Configuration, MessagesApi, ResponseError } from "./typescript-client";

export type Answer =
  | { text: string }                                              // 200: the message
  | { status: number; error: unknown; challenge: string | null }; // 401, 403: the JSON error body, WWW-Authenticate

// The API at basePath ("http://localhost:6060"), called with an access token (none for the public message)
export function messagesApi(basePath: string, accessToken?: string): MessagesApi {
  return new MessagesApi(new Configuration({ basePath, accessToken }));
}

// For example: await answer(messagesApi("http://localhost:6060", token).getProtectedMessage())
export async function answer(message: Promise<{ text: string }>): Promise<Answer> {
  try {
    const { text } = await message;
    return { text };
  } catch (e) {
    if (e instanceof ResponseError) { // the API refused: 401 (no valid token), 403 (a permission missing)
      const { status, headers } = e.response;
      return { status, error: await e.response.json(), challenge: headers.get("WWW-Authenticate") };
    }
    throw e; // a FetchError: no answer, or one the browser withheld (CORS: the page's origin is not allowed)
  }
}
