// Replaces the webjar's initializer (which points at the Petstore): show this server's contract. A separate file,
// not an inline script, so the page keeps a Content-Security-Policy without 'unsafe-inline' scripts.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The token (pasted or signed in for) stays in the page only: never kept in the browser's storage.
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
  // Signing in (Authorization Code with PKCE, a public client: no secret) when the server names a client; the
  // audience makes Auth0 issue an access token for this API. Without a client the contract served at /openapi has
  // no sign-in scheme, and the Authorize dialog shows the bearer-token field only.
  fetch("/docs/sign-in.json")
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (signIn) {
      if (signIn.clientId) {
        window.ui.initOAuth({
          clientId: signIn.clientId,
          usePkceWithAuthorizationCodeGrant: true,
          additionalQueryStringParams: { audience: signIn.audience }
        });
      }
    });
};
