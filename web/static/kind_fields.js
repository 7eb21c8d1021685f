/* A form whose fields depend on a chosen kind (the channels form: 企业微信 / 电子邮件 / Webhook): only the
 * chosen kind's fieldset shows. Without this script every fieldset shows and the server reads the fields of
 * the chosen kind (web/pages/notifications.py). Markup: form[data-kind-fields] holding select[data-kind-select]
 * and elements with data-kind="<value>". No inline handlers (the CSP runs no inline script).
 */
(function () {
  "use strict";
  document.querySelectorAll("[data-kind-fields]").forEach(function (form) {
    var select = form.querySelector("[data-kind-select]");
    if (!select) { return; }
    var sync = function () {
      form.querySelectorAll("[data-kind]").forEach(function (el) {
        el.hidden = el.getAttribute("data-kind") !== select.value;
      });
    };
    select.addEventListener("change", sync);
    sync();
  });
})();
