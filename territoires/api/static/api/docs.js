/* Starts Swagger UI from the settings rendered by the page (no inline script).

   The page around it is the site's (DSFR header, title, French introduction), so Swagger UI
   shows only the operations, through the "TiLayout" layout below: its default layout adds
   a second <main> landmark and a second <h1>, which a page of the site cannot have. */
(function () {
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  var root = document.getElementById("swagger-ui");
  var csrfToken = root.dataset.csrfToken;

  function LayoutPlugin(system) {
    var h = system.React.createElement;
    return {
      components: {
        TiLayout: function (props) {
          var status = props.specSelectors.loadingStatus();
          if (status === "failed" || status === "failedConfig") {
            return h("p", { className: "fr-error-text" }, "La description de l’API n’a pas pu être chargée.");
          }
          if (status !== "success") {
            return h("p", null, "Chargement de la description de l’API…");
          }
          var Errors = props.getComponent("errors", true);
          var Authorize = props.getComponent("AuthorizeBtnContainer", true);
          var Operations = props.getComponent("operations", true);
          return h(
            "div",
            { className: "swagger-ui" },
            h(Errors),
            h("div", { className: "ti-swagger__authorize" }, h(Authorize)),
            h(Operations)
          );
        },
      },
    };
  }

  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  settings.plugins = [LayoutPlugin];
  settings.layout = "TiLayout";
  if (csrfToken) {
    // A logged-in browser calls the API with its session: unsafe methods need the token.
    settings.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = csrfToken;
      return request;
    };
  }
  window.ui = SwaggerUIBundle(settings);

  // Buttons of Swagger UI that assistive technologies would name wrongly: the close button
  // of the authorisation dialog has no name, and some buttons carry an English aria-label
  // that does not contain their visible text (WCAG 2.5.3).
  function nameButtons() {
    root.querySelectorAll(".close-modal:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Fermer");
    });
    root.querySelectorAll("button[aria-label]").forEach(function (button) {
      var text = button.textContent.trim();
      if (text && button.getAttribute("aria-label").indexOf(text) === -1) {
        button.removeAttribute("aria-label");
      }
    });
  }

  // Swagger UI has no French: its words are replaced as they appear (exact texts only,
  // so that the API's own content is never touched).
  var FRENCH = {
    "Try it out": "Essayer",
    "Cancel": "Annuler",
    "Execute": "Exécuter",
    "Clear": "Effacer",
    "Authorize": "S’authentifier",
    "Authorized": "Authentifié",
    "Available authorizations": "Authentifications possibles",
    "Close": "Fermer",
    "Logout": "Se déconnecter",
    "Parameters": "Paramètres",
    "No parameters": "Aucun paramètre",
    "Name": "Nom",
    "Description": "Description",
    "Responses": "Réponses",
    "Code": "Code",
    "Links": "Liens",
    "No links": "Aucun lien",
    "Example Value": "Exemple",
    "Schema": "Schéma",
    "Schemas": "Schémas",
    "Media type": "Type de contenu",
    "Controls Accept header.": "Fixe l’en-tête Accept.",
    "Server response": "Réponse du serveur",
    "Details": "Détails",
    "Response body": "Corps de la réponse",
    "Response headers": "En-têtes de la réponse",
    "Request URL": "Adresse de la requête",
    "Request body": "Corps de la requête",
    "Download": "Télécharger",
    "Undocumented": "Non documenté",
    "required": "obligatoire",
    "Value:": "Valeur :",
    "Loading...": "Chargement…",
    "Responses are cached": "Les réponses sont gardées en cache",
  };
  function translate(node) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    var text;
    while ((text = walker.nextNode())) {
      var words = text.nodeValue.trim();
      if (Object.prototype.hasOwnProperty.call(FRENCH, words) && FRENCH[words] !== words) {
        text.nodeValue = text.nodeValue.replace(words, FRENCH[words]);
      }
    }
  }

  new MutationObserver(function () {
    translate(root);
    nameButtons();
  }).observe(root, { childList: true, subtree: true, characterData: true });
})();
