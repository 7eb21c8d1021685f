/* 整改通: the household satisfaction survey (入户问卷), web/templates/campaigns/survey.html.
 *
 * A submitted questionnaire goes first into localStorage ("zhenggai-survey-<campaign id>") with a key
 * made here, then to POST …/survey/responses. It leaves the phone only when the server answered: 201
 * (counted) or 200 (that key had arrived already: a resend counts nothing), or a refusal (4xx, shown and
 * dropped). With no signal it stays and goes out on "online", on load and every 20 s.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  if (!form) { return; }
  var api = form.getAttribute("data-api"), store = "zhenggai-survey-" + form.getAttribute("data-survey");
  var status = document.querySelector("[data-survey-sync]"), sending = false;

  function csrf() { var m = document.querySelector('meta[name="csrf-token"]'); return m ? m.content : ""; }
  function load() { try { return JSON.parse(localStorage.getItem(store) || "[]"); } catch (e) { return []; } }
  function save(list) { try { localStorage.setItem(store, JSON.stringify(list)); } catch (e) { /* private mode */ } }
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return "ph-" + crypto.randomUUID(); }
    return "ph-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function show(text, tone) { status.textContent = text; status.className = "survey-sync " + (tone || "muted"); }
  function summary(note) {
    var n = load().length;
    if (n) { show((note ? note + "；" : "") + n + " 份问卷待上传（网络恢复后自动上传）", "warn"); }
    else if (note) { show(note); }
  }

  function remove(key) { save(load().filter(function (e) { return e.key !== key; })); }

  function flush() {
    var list = load();
    if (sending || !list.length) { return; }
    sending = true;
    var entry = list[0];
    fetch(api, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(entry),
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { code: r.status, data: data }; });
    }).then(function (res) {
      sending = false;
      if (res.code === 201 || res.code === 200) {
        remove(entry.key);
        summary(load().length ? "已上传 1 份" : "全部问卷已上传");
        flush();
      } else if (res.code >= 400 && res.code < 500 && res.code !== 401) {
        remove(entry.key);
        summary("有 1 份问卷未被接受：" + (res.data.message || res.code));
        flush();
      } else {
        summary(res.code === 401 ? "登录已过期：请重新登录，问卷仍保存在本机" : "服务器暂时不可用");
      }
    }, function () {
      sending = false;
      summary("网络不可用");
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var data = new FormData(form), answers = {};
    data.forEach(function (value, name) {
      if (name.indexOf("q-") === 0 && value) { answers[name.slice(2)] = value; }
    });
    var list = load();
    list.push({ key: form.elements.key.value, village_id: Number(data.get("village_id")),
                respondent_type: data.get("respondent_type"), household: data.get("household") || null,
                answers: answers });
    save(list);
    var village = form.elements.village_id.value, type = form.elements.respondent_type.value;
    form.reset();
    form.elements.village_id.value = village;  // the next household is usually in the same village
    form.elements.respondent_type.value = type;
    form.elements.key.value = newKey();
    summary("问卷已保存在本机");
    flush();
    window.scrollTo(0, 0);
  });
  form.elements.key.value = newKey();  // a page restored from cache must not reuse a sent key
  window.addEventListener("online", flush);
  setInterval(flush, 20000);
  summary();
  flush();
})();
