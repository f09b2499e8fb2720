// Replaces the webjar's initializer (which points at the Petstore): show this server's contract. A separate file,
// not an inline script, so the page keeps a Content-Security-Policy without 'unsafe-inline' scripts.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The token pasted under "Authorize" stays in the page only: never kept in the browser's storage.
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
};
