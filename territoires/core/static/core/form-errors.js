/* A page shown again with a form's errors moves the focus to their summary on top of the
   form (the DSFR pattern), so that a keyboard or screen-reader user hears what to fix
   and can follow its links to each field. A static file: the Content-Security-Policy
   refuses inline scripts. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
})();
