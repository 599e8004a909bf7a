// Swagger UI on the document dispatch serves at /openapi (dispatch runs at the root context)
window.ui = SwaggerUIBundle({
  url: "/openapi",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: false
});
