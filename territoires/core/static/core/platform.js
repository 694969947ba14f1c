/* Behaviour shared by every page, as a static file: the Content-Security-Policy refuses
   inline scripts (docs/decisions/0011-content-security-policy.md). */
(function () {
  "use strict";
  // htmx requests that change something carry the CSRF token of the page.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("meta[name=csrf-token]");
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.content;
    }
  });
})();
