// Loaded as the first thing in <body>: marks that JavaScript runs, as GOV.UK Frontend expects.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
