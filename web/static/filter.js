/* 整改通: type-ahead filters and "select all", for forms that work without it.
 *
 * [data-filter-box] holds an input[data-filter]; typing hides the box's [data-name] labels and the
 * options of select[data-filter-options] whose name does not contain the text (the chosen ones stay).
 * input[data-check-all] checks or clears every checkbox named by its value in the same form.
 */
(function () {
  "use strict";
  document.addEventListener("input", function (ev) {
    var input = ev.target;
    if (!input.matches("[data-filter]")) { return; }
    var box = input.closest("[data-filter-box]"), q = input.value.trim();
    if (!box) { return; }
    box.querySelectorAll("label[data-name]").forEach(function (el) {
      var chosen = el.querySelector("input:checked");
      el.hidden = q !== "" && !chosen && el.getAttribute("data-name").indexOf(q) < 0;
    });
    box.querySelectorAll("select[data-filter-options] option[data-name]").forEach(function (el) {
      el.hidden = q !== "" && !el.selected && el.getAttribute("data-name").indexOf(q) < 0;
    });
    var select = box.querySelector("select[data-filter-options]");
    if (select && q !== "") {
      var first = select.querySelector("option[data-name]:not([hidden])");
      if (first && (!select.value || select.selectedOptions[0].hidden)) { select.value = first.value; }
    }
  });
  document.addEventListener("change", function (ev) {
    var all = ev.target;
    if (!all.matches("input[data-check-all]")) { return; }
    all.form.querySelectorAll('input[type="checkbox"][name="' + all.value + '"]').forEach(function (box) {
      if (!box.disabled) { box.checked = all.checked; }
    });
  });
})();
