/* teikit HTML edition: view switching, witness switching, readings on demand, notes in place.
   No dependencies, no network, no eval, no innerHTML: content is moved or cloned as DOM nodes. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;

  function store(key, value) {
    try { if (value === undefined) { return window.localStorage.getItem(key); } window.localStorage.setItem(key, value); }
    catch (e) { return null; }
    return null;
  }

  /* ---- reading / diplomatic view ---- */
  function setView(view) {
    if (view !== "reading" && view !== "diplomatic") { view = "reading"; }
    root.setAttribute("data-view", view);
    doc.querySelectorAll("[data-tk-view]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-tk-view") === view));
    });
    store("teikit-view", view);
  }

  /* ---- witness switcher: show each app as the chosen witness reads it ---- */
  function setWitness(wit) {
    doc.querySelectorAll(".tk-app").forEach(function (app) {
      var readings = Array.prototype.filter.call(app.children, function (c) { return c.classList.contains("tk-rdg"); });
      var chosen = null;
      if (wit) {
        chosen = readings.find(function (r) { return (r.getAttribute("data-wit") || "").split(/\s+/).indexOf(wit) >= 0; }) || null;
      }
      if (!chosen) { chosen = readings.find(function (r) { return r.classList.contains("tk-base"); }) || readings[0]; }
      readings.forEach(function (r) { r.hidden = (r !== chosen); });
      app.classList.toggle("tk-switched", Boolean(wit) && chosen && !chosen.classList.contains("tk-base"));
    });
    store("teikit-witness", wit || "");
  }

  /* ---- readings on demand ---- */
  function toggleApp(btn) {
    var detail = doc.getElementById(btn.getAttribute("aria-controls"));
    if (!detail) { return; }
    var open = btn.getAttribute("aria-expanded") !== "true";
    btn.setAttribute("aria-expanded", String(open));
    detail.hidden = !open;
  }

  /* ---- notes in place ---- */
  var pop = null, popBody = null, popGoto = null, opener = null;
  function closeNote(restoreFocus) {
    if (!pop || pop.hidden) { return; }
    pop.hidden = true;
    while (popBody.firstChild) { popBody.removeChild(popBody.firstChild); }
    if (opener) { opener.setAttribute("aria-expanded", "false"); if (restoreFocus) { opener.focus(); } }
    opener = null;
  }
  function openNote(call) {
    var note = doc.getElementById(call.getAttribute("data-note"));
    if (!note || !pop) { return false; }
    closeNote(false);
    var kind = note.querySelector(".tk-note-kind");
    var n = note.getAttribute("data-n") || "";
    doc.getElementById("tk-popover-title").textContent = (kind ? kind.textContent : "Note") + (n ? " " + n : "");
    var body = note.querySelector(".tk-note-body");
    if (body) { popBody.appendChild(body.cloneNode(true)); }
    popBody.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    popGoto.setAttribute("href", "#" + note.id);
    var r = call.getBoundingClientRect();
    pop.hidden = false;
    var width = pop.offsetWidth, left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + doc.documentElement.clientWidth - width - 8));
    pop.style.left = left + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
    opener = call;
    call.setAttribute("aria-expanded", "true");
    pop.querySelector(".tk-popover-close").focus();
    return true;
  }

  function init() {
    pop = doc.getElementById("tk-popover");
    if (pop) {
      popBody = pop.querySelector(".tk-popover-body");
      popGoto = pop.querySelector(".tk-popover-goto");
      pop.querySelector(".tk-popover-close").addEventListener("click", function () { closeNote(true); });
      popGoto.addEventListener("click", function () { closeNote(false); });
    }
    doc.querySelectorAll("[data-tk-view]").forEach(function (b) {
      b.addEventListener("click", function () { setView(b.getAttribute("data-tk-view")); });
    });
    if (doc.querySelector("[data-tk-view]")) { setView(store("teikit-view") || "reading"); }
    var sel = doc.getElementById("tk-witness");
    if (sel) {
      var saved = store("teikit-witness") || "";
      if (Array.prototype.some.call(sel.options, function (o) { return o.value === saved; })) { sel.value = saved; }
      sel.addEventListener("change", function () { setWitness(sel.value); });
      setWitness(sel.value);
    }
    doc.addEventListener("click", function (ev) {
      var t = ev.target instanceof Element ? ev.target : null;
      if (!t) { return; }
      var btn = t.closest(".tk-app-btn");
      if (btn) { toggleApp(btn); return; }
      var call = t.closest(".tk-call");
      if (call && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey) {
        if (openNote(call)) { ev.preventDefault(); }
        return;
      }
      if (pop && !pop.hidden && !pop.contains(t)) { closeNote(false); }
    });
    doc.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { closeNote(true); }
    });
    doc.querySelectorAll(".tk-call").forEach(function (c) { c.setAttribute("aria-expanded", "false"); });
  }

  if (doc.readyState === "loading") { doc.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
