/* 整改通 page script: no build step, no framework (htmx and ECharts are vendored beside it).
 *
 * 1. Forms marked data-upload: photos are shrunk in the browser (longest side ≤ 1600 px, JPEG)
 *    before upload, because village networks are slow, keeping the original's EXIF (capture time,
 *    GPS, camera: the server checks them, docs/evidence.md); the form then goes by XMLHttpRequest so a
 *    progress bar can show. The server answers {redirect} or {message}; on a refusal the form stays
 *    as typed, photos included. Without this script the same forms post normally.
 * 2. Photos accumulate: each pick (one camera shot at a time) adds to the list instead of replacing it;
 *    all are previewed and each can be removed before the form is sent. The submit buttons are disabled
 *    from the first tap, so a double tap sends once (the server also files one ticket per form token).
 *    A form marked data-validate is first sent without its files (validate_only): a refusal the server
 *    can decide from the fields alone comes back before the photos travel, with the field highlighted.
 * 3. Charts: an element with data-chart="ID" is drawn from the JSON in <script id="ID">.
 * 4. The deadline-policy picker (data-deadline-picker) shows only the fields of the chosen kind;
 *    without this script every field shows and the server reads those of the checked kind.
 * 5. A select marked data-autosubmit submits its form when changed. Handlers live here, never in
 *    on*= attributes: the Content-Security-Policy runs no inline script (web/security_headers.py).
 * 6. Unit pickers: an input.unit-filter narrows its select as the user types (a town's name keeps all its
 *    villages); a select with data-prefills fills the named select with the same unit while that one is
 *    empty or was filled this way; a button with data-needs shows only when the named field has a value.
 */
(function () {
  "use strict";
  var MAX_SIDE = 1600, QUALITY = 0.82, SMALL_ENOUGH = 400 * 1024;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function shrink(file) {
    if (!/^image\/(jpeg|png|webp|heic|heif|bmp)$/.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    var heif = /^image\/hei[cf]$/.test(file.type);  // the server refuses HEIC: always convert it to JPEG here
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size <= SMALL_ENOUGH && !heif) { return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); }).then(function (blob) {
        if (!blob || (scale === 1 && blob.size >= file.size && !heif)) { return file; }
        var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        return exifSegment(file).then(function (segment) {
          var parts = segment ? [blob.slice(0, 2), segment, blob.slice(2)] : [blob];
          return new File(parts, name, { type: "image/jpeg", lastModified: file.lastModified });
        });
      });
    }).catch(function () { return file; });
  }

  // The canvas drops EXIF. Copy the original JPEG's APP1 "Exif" segment into the shrunk one, right after
  // its start marker, with the orientation set to 1: the canvas has already drawn the photo upright.
  function exifSegment(file) {
    if (file.type !== "image/jpeg" || !file.slice(0, 1).arrayBuffer) { return Promise.resolve(null); }
    return file.slice(0, 262144).arrayBuffer().then(function (buffer) {
      var view = new DataView(buffer), offset = 2;
      if (view.byteLength < 4 || view.getUint16(0) !== 0xFFD8) { return null; }
      while (offset + 10 <= view.byteLength) {
        var marker = view.getUint16(offset), length = view.getUint16(offset + 2);
        if ((marker & 0xFF00) !== 0xFF00 || marker === 0xFFDA) { return null; }
        if (marker === 0xFFE1 && view.getUint32(offset + 4) === 0x45786966 && offset + 2 + length <= view.byteLength) {
          var segment = buffer.slice(offset, offset + 2 + length);
          uprightOrientation(new DataView(segment), 10);
          return segment;
        }
        offset += 2 + length;
      }
      return null;
    }).catch(function () { return null; });
  }

  function uprightOrientation(view, tiff) {
    var little = view.getUint16(tiff) === 0x4949, ifd = tiff + view.getUint32(tiff + 4, little);
    if (ifd + 2 > view.byteLength) { return; }
    for (var i = 0, count = view.getUint16(ifd, little); i < count; i++) {
      var entry = ifd + 2 + i * 12;
      if (entry + 12 > view.byteLength) { return; }
      if (view.getUint16(entry, little) === 0x0112) { view.setUint16(entry + 8, 1, little); return; }
    }
  }

  function showError(form, message) {
    var box = form.querySelector(".form-error");
    if (!box) {
      box = document.createElement("div");
      box.className = "form-error";
      box.setAttribute("role", "alert");
      form.prepend(box);
    }
    box.textContent = message;
    box.hidden = false;
    box.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  var picked = new WeakMap();  // file input → the files added so far, in order

  function filesOf(input) {
    return input.matches("[data-preview]") ? (picked.get(input) || []) : Array.prototype.slice.call(input.files);
  }

  function collect(form, submitter) {
    var data = fields(form, submitter), pending = [];
    form.querySelectorAll('input[type="file"]').forEach(function (input) {
      filesOf(input).forEach(function (file) {
        pending.push(shrink(file).then(function (small) { return [input.name, small]; }));
      });
    });
    return Promise.all(pending).then(function (files) {
      files.forEach(function (pair) { data.append(pair[0], pair[1], pair[1].name); });
      return data;
    });
  }

  function fields(form, submitter) {
    var data = new FormData(form);
    form.querySelectorAll('input[type="file"]').forEach(function (input) { data.delete(input.name); });
    if (submitter && submitter.name) { data.set(submitter.name, submitter.value); }
    return data;
  }

  function busy(form, on, text) {
    var bar = form.querySelector(".upload-progress");
    form.querySelectorAll('button[type="submit"]').forEach(function (b) { b.disabled = on; });
    if (on) { form.dataset.busy = "1"; } else { delete form.dataset.busy; }
    if (bar) {
      bar.hidden = !on;
      if (on) { bar.querySelector("progress").value = 0; bar.querySelector("span").textContent = text || "正在提交…"; }
    }
  }

  function post(form, data, onProgress) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("X-CSRF-Token", csrfToken());
      if (onProgress) { xhr.upload.onprogress = onProgress; }
      xhr.onload = function () {
        var reply = {};
        try { reply = JSON.parse(xhr.responseText); } catch (e) { reply = {}; }
        resolve({ status: xhr.status, reply: reply });
      };
      xhr.onerror = function () { resolve({ status: 0, reply: {} }); };
      xhr.send(data);
    });
  }

  function highlight(form, field) {
    form.querySelectorAll(".invalid").forEach(function (el) { el.classList.remove("invalid"); });
    if (!field) { return; }
    var input = form.querySelector('[name="' + field + '"]');
    var box = /^(deadline|due_on)/.test(field) ? form.querySelector("[data-deadline-picker]") : null;
    box = box || (input && input.closest("label, fieldset, .file-field"));
    if (box) { box.classList.add("invalid"); }
    if (input && input.type !== "hidden" && input.focus) { input.focus({ preventScroll: true }); }
  }

  function showDuplicates(form, detail) {
    var box = form.querySelector("[data-duplicates]"), list = box && box.querySelector("ul");
    if (!box || !detail || !detail.duplicates) { return; }
    list.textContent = "";
    detail.duplicates.forEach(function (d) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = "/tickets/" + d.id;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = d.number + " " + d.title;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.hidden = false;
  }

  function refused(form, result) {
    var reply = result.reply;
    busy(form, false);
    if (result.status === 0) { showError(form, "网络连接失败，请检查网络后重试，已填写的内容不会丢失"); return; }
    if (reply.code === "possible_duplicate") { showDuplicates(form, reply.detail); }
    highlight(form, reply.detail && reply.detail.field);
    showError(form, reply.message || ("提交失败（" + result.status + "），请稍后重试"));
  }

  function follow(form, url) {
    var label = form.querySelector(".upload-progress span");
    if (label) { label.textContent = "上传完成"; }
    var target = new URL(url, window.location.href);
    if (target.pathname === window.location.pathname && target.search === window.location.search) {
      window.location.hash = target.hash;  // same page: a hash change alone would not show the new files
      window.location.reload();
    } else {
      window.location.assign(target.href);
    }
  }

  function precheck(form, submitter) {
    if (!form.matches("[data-validate]")) { return Promise.resolve({ status: 200, reply: { valid: true } }); }
    var data = fields(form, submitter);
    data.set("validate_only", "1");
    return post(form, data);
  }

  function send(form, data) {
    var bar = form.querySelector(".upload-progress"), progress = bar && bar.querySelector("progress"),
        label = bar && bar.querySelector("span");
    if (label) { label.textContent = "正在上传…"; }
    return post(form, data, function (ev) {
      if (!ev.lengthComputable || !progress) { return; }
      var pct = Math.round((ev.loaded / ev.total) * 100);
      progress.value = pct;
      label.textContent = "正在上传 " + pct + "%";
    });
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches("form[data-upload]") || !window.FormData || !window.XMLHttpRequest) { return; }
    ev.preventDefault();
    if (form.dataset.busy) { return; }  // a second tap while the first is on its way
    if (!form.reportValidity()) { return; }
    var submitter = ev.submitter;
    busy(form, true, form.matches("[data-validate]") ? "正在检查…" : "正在压缩照片…");
    precheck(form, submitter).then(function (checked) {
      if (checked.reply.redirect) { follow(form, checked.reply.redirect); return null; }
      if (checked.status !== 200 || !checked.reply.valid) { refused(form, checked); return null; }
      busy(form, true, "正在压缩照片…");
      return collect(form, submitter).then(function (data) { return send(form, data); }).then(function (sent) {
        if (sent.status >= 200 && sent.status < 300 && sent.reply.redirect) { follow(form, sent.reply.redirect); }
        else { refused(form, sent); }
      });
    });
  });

  // Back to a form left by its redirect (the browser's page cache): its buttons must work again.
  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) { return; }
    document.querySelectorAll("form[data-busy]").forEach(function (form) { busy(form, false); });
  });

  function showPicked(input) {
    var box = document.querySelector(input.dataset.preview);
    if (!box) { return; }
    box.textContent = "";
    (picked.get(input) || []).forEach(function (file, index) {
      var item = document.createElement("li");
      if (file.type.indexOf("image/") === 0) {
        var img = document.createElement("img");
        img.src = URL.createObjectURL(file);
        img.alt = file.name;
        item.appendChild(img);
      }
      var caption = document.createElement("small");
      caption.textContent = file.name.length > 14 ? file.name.slice(0, 12) + "…" : file.name;
      item.appendChild(caption);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove-photo";
      remove.textContent = "移除";
      remove.setAttribute("aria-label", "移除第 " + (index + 1) + " 张");
      remove.addEventListener("click", function () {
        picked.get(input).splice(index, 1);
        showPicked(input);
      });
      item.appendChild(remove);
      box.appendChild(item);
    });
    var count = input.closest("form").querySelector("[data-picked-count]");
    if (count) { count.textContent = picked.get(input).length ? "已选 " + picked.get(input).length + " 张" : ""; }
  }

  document.addEventListener("change", function (ev) {
    var input = ev.target;
    if (!input.matches('input[type="file"][data-preview]')) { return; }
    picked.set(input, (picked.get(input) || []).concat(Array.prototype.slice.call(input.files)));
    input.value = "";  // the next pick (the next camera shot) adds to the list
    showPicked(input);
  });

  function drawCharts() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source) { return; }
      var data = JSON.parse(source.textContent), narrow = el.clientWidth < 560;
      var chart = echarts.init(el, null, { renderer: "canvas" });
      var colors = ["#6366f1", "#f59e0b", "#0ea5e9", "#22c55e", "#94a3b8"];
      chart.setOption({
        animation: false,
        color: colors,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
        grid: { left: 8, right: 12, top: narrow ? 52 : 36, bottom: 4, containLabel: true },
        xAxis: narrow ? { type: "value", minInterval: 1 } : { type: "category", data: data.towns, axisLabel: { interval: 0, rotate: data.towns.length > 8 ? 30 : 0 } },
        yAxis: narrow ? { type: "category", data: data.towns, inverse: true, axisLabel: { interval: 0 } } : { type: "value", minInterval: 1 },
        series: data.series.map(function (pair) {
          return { name: pair[0], type: "bar", stack: "state", data: pair[1], barMaxWidth: 28 };
        }).concat([{ name: "逾期", type: "bar", data: data.overdue, barMaxWidth: 10, itemStyle: { color: "#c0392b" } }])
      });
      if (narrow) { el.style.height = Math.max(300, 60 + data.towns.length * 34) + "px"; chart.resize(); }
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function showCurrentTab() {
    // On a phone the menu scrolls sideways: bring the current page's tab into view.
    var nav = document.querySelector(".nav"), current = nav && nav.querySelector('[aria-current="page"]');
    if (!nav) { return; }
    if (current && current.offsetLeft + current.offsetWidth > nav.clientWidth) {
      nav.scrollLeft = current.offsetLeft - 24;
    }
    // Fade the right edge while more tabs lie beyond it.
    var hint = function () { nav.classList.toggle("more", nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 2); };
    nav.addEventListener("scroll", hint, { passive: true });
    window.addEventListener("resize", hint);
    hint();
  }
  showCurrentTab();

  function deadlinePickers() {
    document.querySelectorAll("[data-deadline-picker]").forEach(function (box) {
      var sync = function () {
        var chosen = box.querySelector('input[name="deadline_kind"]:checked');
        var kind = chosen ? chosen.value : "";
        box.querySelectorAll("[data-kinds]").forEach(function (el) {
          el.hidden = el.getAttribute("data-kinds").split(" ").indexOf(kind) < 0;
        });
      };
      box.addEventListener("change", sync);
      sync();
    });
  }
  deadlinePickers();

  function unitFilters() {
    document.querySelectorAll("input.unit-filter[data-filter-for]").forEach(function (box) {
      var select = box.form && box.form.querySelector('select[name="' + box.dataset.filterFor + '"]');
      if (!select) { return; }
      var all = select.cloneNode(true);
      box.addEventListener("input", function () {
        var q = box.value.trim(), current = select.value;
        select.textContent = "";
        Array.prototype.forEach.call(all.children, function (node) {
          if (node.tagName !== "OPTGROUP") { select.appendChild(node.cloneNode(true)); return; }
          var group = node.cloneNode(false), whole = q && node.label.indexOf(q) >= 0;
          Array.prototype.forEach.call(node.children, function (opt) {
            if (!q || whole || opt.textContent.indexOf(q) >= 0 || opt.value === current) {
              group.appendChild(opt.cloneNode(true));
            }
          });
          if (group.children.length) { select.appendChild(group); }
        });
        var found = select.querySelectorAll("optgroup option");
        select.value = q && found.length === 1 ? found[0].value : current;
        if (select.value !== current) { select.dispatchEvent(new Event("change", { bubbles: true })); }
      });
    });
    document.querySelectorAll("select[data-prefills]").forEach(function (select) {
      var target = select.form.querySelector('select[name="' + select.dataset.prefills + '"]');
      if (!target) { return; }
      select.addEventListener("change", function () {
        if (target.value && target.value !== target.dataset.prefilled) { return; }  // chosen by hand: keep it
        if (!target.querySelector('option[value="' + select.value + '"]')) { return; }
        target.value = select.value;
        target.dataset.prefilled = select.value;
        target.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    document.querySelectorAll("button[data-needs]").forEach(function (button) {
      var field = button.form && button.form.querySelector('[name="' + button.dataset.needs + '"]');
      if (!field) { return; }
      var sync = function () { button.hidden = !field.value; };
      button.form.addEventListener("change", sync);
      sync();
    });
  }
  unitFilters();

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  if (document.readyState === "complete") { drawCharts(); } else { document.addEventListener("DOMContentLoaded", drawCharts); }
})();
