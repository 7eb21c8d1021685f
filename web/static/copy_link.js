/* 复制链接 on the ticket page: the ticket's address goes to the clipboard, for pasting into a WeCom group.
 * The button stays hidden without this script. The clipboard API needs a secure context (https, localhost);
 * a phone's in-app browser over plain http gets the older select-and-copy, and the address shown to copy
 * by hand when even that is refused. Handlers live here, never inline (the CSP runs no inline script).
 */
(function () {
  "use strict";

  function fallback(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    document.body.removeChild(field);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallback(text); });
    }
    return fallback(text);
  }

  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var link = button.getAttribute("data-copy-link");
      copy(link).then(function () {
        button.textContent = "已复制";
      }, function () {
        window.prompt("请长按复制链接", link);
      });
      window.setTimeout(function () { button.textContent = label; }, 2500);
    });
  });
})();
