/* 整改通: the checklist walk (督导细则逐项检查), web/templates/inspections/walk.html.
 *
 * Each mark is saved on its own (PUT …/marks/{item}) as soon as it is chosen; until the server
 * acknowledges it, it is kept in localStorage under "zhenggai-walk-<inspection id>", so a lost signal
 * or a reload loses nothing: unsent marks are put back on the page and resent on load, when the
 * browser comes back online, and every 20 s. A refusal (4xx) is shown on the item and not resent.
 * Photos go up at once (shrunk to ≤ 1600 px first); they are not kept offline. A 不符合 item takes a
 * 扣分 (deduction) saved with its mark; the answer carries the place's new score for the head line.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-walk]");
  if (!root) { return; }
  var api = root.getAttribute("data-api"), key = "zhenggai-walk-" + root.getAttribute("data-walk");
  var readonly = root.hasAttribute("data-readonly");
  var STATES = { found: "发现问题", assigned: "已交办", rectifying: "整改中", verified: "已验收", closed: "已销号" };
  var pending = load(), inflight = {}, again = {}, timers = {}, touched = false;

  function csrf() { var m = document.querySelector('meta[name="csrf-token"]'); return m ? m.content : ""; }
  function load() { try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; } }
  function store() { try { localStorage.setItem(key, JSON.stringify(pending)); } catch (e) { /* private mode */ } }
  function card(id) { return root.querySelector('[data-item="' + id + '"]'); }
  function status(el, text, tone) {
    var s = el.querySelector("[data-walk-status]");
    s.textContent = text;
    s.className = "walk-status " + (tone || "muted");
  }

  function read(el, filing) {
    var chosen = el.querySelector('input[type="radio"]:checked');
    if (!chosen) { return null; }
    var entry = { mark: chosen.value, note: el.querySelector("textarea").value };
    var deduct = el.querySelector('input[name^="deduction-"]');
    if (deduct && deduct.value !== "" && entry.mark === "fail") { entry.deduction = parseFloat(deduct.value); }
    var title = el.querySelector('input[name^="title-"]'), assign = el.querySelector('input[name^="assign-"]');
    if (filing) {
      entry.file_ticket = true;
      entry.assign = !!(assign && assign.checked);
      entry.title = title ? title.value : null;
    } else if (pending[el.getAttribute("data-item")] && pending[el.getAttribute("data-item")].file_ticket) {
      entry.file_ticket = true;  // a filing not yet acknowledged stays a filing when the note changes
      entry.assign = pending[el.getAttribute("data-item")].assign;
      entry.title = pending[el.getAttribute("data-item")].title;
    }
    return entry;
  }

  function queue(el, entry) {
    if (!entry) { return; }
    var id = el.getAttribute("data-item");
    pending[id] = entry;
    store();
    send(id);
  }

  function send(id) {
    var el = card(id), entry = pending[id];
    if (!el || !entry) { return; }
    if (inflight[id]) { again[id] = true; return; }
    var body = JSON.stringify(entry);
    inflight[id] = true;
    touched = true;
    status(el, "正在保存…");
    fetch(api + "/marks/" + id, {
      method: "PUT", credentials: "same-origin", body: body,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { code: r.status, data: data }; });
    }).then(function (res) {
      inflight[id] = false;
      var settled = res.code < 500 && res.code !== 401;
      if (settled && JSON.stringify(pending[id]) === body) { delete pending[id]; store(); }
      if (res.code >= 200 && res.code < 300) { applied(el, res.data); }
      else if (settled) { status(el, res.data.message || ("保存失败（" + res.code + "）"), "error"); }
      else { status(el, res.code === 401 ? "登录已过期：请重新登录，未保存的结果仍在手机上" : "未同步：稍后自动重试", "warn"); }
      if (again[id]) { again[id] = false; send(id); }
      summary();
    }, function () {
      inflight[id] = false;
      again[id] = false;
      status(el, "未同步：网络不可用，恢复后自动补传", "warn");
      summary();
    });
  }

  function applied(el, mark) {
    el.className = "walk-item marked mark-" + mark.mark;
    var photos = mark.photo_count ? " · 照片 " + mark.photo_count + " 张" : "";
    status(el, "已保存" + (mark.deduction ? " · 扣 " + mark.deduction + " 分" : "") + photos);
    var score = document.querySelector("[data-walk-score]");
    if (score && mark.unit_score !== null && mark.unit_score !== undefined) { score.textContent = mark.unit_score; }
    var button = el.querySelector("[data-walk-photo-button]");
    if (button) { button.hidden = false; }
    if (!mark.ticket_id) { return; }
    var box = el.querySelector("[data-walk-fail]");
    box.textContent = "";
    var p = document.createElement("p"), a = document.createElement("a"), s = document.createElement("span");
    p.className = "walk-ticket";
    a.href = "/tickets/" + mark.ticket_id;
    a.textContent = mark.ticket_number;
    s.className = "state state-" + mark.ticket_state;
    s.textContent = STATES[mark.ticket_state] || mark.ticket_state;
    p.append("已登记为问题 ", a, " ", s);
    box.appendChild(p);
    el.querySelectorAll('input[type="radio"]').forEach(function (r) { r.disabled = r.value !== "fail"; });
  }

  function summary() {
    var marked = root.querySelectorAll('input[type="radio"]:checked');
    var failed = root.querySelectorAll('input[type="radio"][value="fail"]:checked');
    var m = document.querySelector("[data-walk-marked]"), f = document.querySelector("[data-walk-failed]");
    if (m) { m.textContent = marked.length; }
    if (f) { f.textContent = failed.length; }
    var line = document.querySelector("[data-walk-sync]"), n = Object.keys(pending).length;
    if (line && !readonly && (n || touched)) {
      line.textContent = n ? "有 " + n + " 项尚未同步，恢复信号后自动补传" : "全部已保存";
      line.className = "walk-sync " + (n ? "warn" : "muted");
    }
  }

  function showFail(el) {
    var chosen = el.querySelector('input[type="radio"]:checked'), box = el.querySelector("[data-walk-fail]");
    if (box) { box.hidden = !chosen || chosen.value !== "fail"; }
    var deduct = el.querySelector("[data-walk-deduct]");
    if (deduct) { deduct.hidden = !chosen || chosen.value !== "fail"; }
  }

  function flush() { Object.keys(pending).forEach(send); }

  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) { return Promise.resolve(file); }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      if (scale === 1) { return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (ok) { canvas.toBlob(ok, "image/jpeg", 0.82); }).then(function (blob) {
        return blob ? new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" }) : file;
      });
    }).catch(function () { return file; });
  }

  function upload(el, input) {
    var id = el.getAttribute("data-item");
    if (pending[id]) { status(el, "请待本项保存后再拍照", "warn"); input.value = ""; return; }
    status(el, "正在上传照片…");
    Promise.all(Array.prototype.map.call(input.files, shrink)).then(function (files) {
      var data = new FormData();
      files.forEach(function (f) { data.append("files", f, f.name); });
      return fetch(api + "/marks/" + id + "/photos", {
        method: "POST", credentials: "same-origin", body: data, headers: { "X-CSRF-Token": csrf() }
      });
    }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.message || "上传失败"); }
        input.value = "";
        status(el, "已保存 · 照片 " + body.length + " 张");
      });
    }).catch(function (e) {
      status(el, "照片未上传：" + (e && e.message ? e.message : "网络不可用") + "，请稍后重新选择照片", "error");
    });
  }

  if (!readonly) {
    root.addEventListener("change", function (ev) {
      var t = ev.target, el = t.closest("[data-item]");
      if (!el) { return; }
      if (t.type === "radio") { showFail(el); queue(el, read(el, false)); summary(); }
      else if (t.tagName === "TEXTAREA") { clearTimeout(timers[el.id]); queue(el, read(el, false)); }
      else if (t.matches('input[name^="deduction-"]')) { queue(el, read(el, false)); }
      else if (t.matches("[data-walk-photos]") && t.files.length) { upload(el, t); }
    });
    root.addEventListener("input", function (ev) {
      var el = ev.target.closest("[data-item]");
      if (!el || ev.target.tagName !== "TEXTAREA") { return; }
      clearTimeout(timers[el.id]);
      timers[el.id] = setTimeout(function () { queue(el, read(el, false)); }, 800);
    });
    root.addEventListener("click", function (ev) {
      var button = ev.target.closest("[data-walk-file]");
      if (!button) { return; }
      var el = button.closest("[data-item]");
      button.disabled = true;
      queue(el, read(el, true));
    });
    window.addEventListener("online", flush);
    setInterval(function () { if (Object.keys(pending).length) { flush(); } }, 20000);
  }

  var search = document.querySelector("[data-walk-search]");
  if (search) {
    search.addEventListener("input", function () {
      var q = search.value.trim();
      root.querySelectorAll("[data-walk-group]").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("[data-item]").forEach(function (el) {
          el.hidden = q !== "" && el.getAttribute("data-search").indexOf(q) < 0;
          if (!el.hidden) { shown += 1; }
        });
        group.hidden = shown === 0;
      });
    });
  }

  // Resume: marks this phone has not had acknowledged go back on the page, then out again.
  Object.keys(pending).forEach(function (id) {
    var el = card(id), entry = pending[id];
    if (!el || readonly) { delete pending[id]; return; }
    var radio = el.querySelector('input[type="radio"][value="' + entry.mark + '"]');
    if (radio) { radio.checked = true; }
    el.querySelector("textarea").value = entry.note || "";
    var deduct = el.querySelector('input[name^="deduction-"]');
    if (deduct && entry.deduction !== undefined) { deduct.value = entry.deduction; }
    showFail(el);
    status(el, "未同步：正在补传", "warn");
  });
  store();
  summary();
  flush();
})();
