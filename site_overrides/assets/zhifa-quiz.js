/* Quiz pages (training/quiz-*): 只看答错的题 shows only the questions answered wrongly, 重做答错的题 answers them again.
   mkdocs-quiz keeps a page's answers in localStorage under "quiz_progress_" + pathname as {"quiz-N": {answered,
   correct, …}} and announces every change with a "quizProgressUpdate" event. Redoing a question clicks that quiz's own
   (hidden) 重试 button, so mkdocs-quiz itself clears the answer, its score and its storage. Nothing leaves the browser. */
(function () {
  var KEY = "quiz_progress_" + window.location.pathname;
  var SET_KEY = "zf_question_set_" + window.location.pathname;
  var reviewing = null; // ids shown while reviewing, or null

  // mkdocs-quiz stores answers by position (quiz-0, quiz-1 …): once the page's questions change, drop them before
  // it reads them (this script runs at the end of the body, mkdocs-quiz on DOMContentLoaded).
  var box = document.querySelector(".zf-quiz-review[data-question-set]");
  if (box) {
    try {
      var set = box.getAttribute("data-question-set");
      var before = window.localStorage.getItem(SET_KEY);
      if (before !== null && before !== set) window.localStorage.removeItem(KEY);
      window.localStorage.setItem(SET_KEY, set);
    } catch (e) { /* storage disabled: mkdocs-quiz says so itself */ }
  }

  // What mkdocs-quiz will read back from localStorage, reduced to the shape it writes: {"quiz-N": {answered,
  // correct, selectedValues: [strings]}}. Anything else (another shape, other keys, huge values) is dropped.
  function cleanSaved() {
    var raw;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { return; }
    if (raw === null) return;
    var clean = {}, parsed;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = null; }
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      Object.keys(parsed).forEach(function (id) {
        var s = parsed[id];
        if (!/^quiz-[0-9]+$/.test(id) || !s || typeof s !== "object") return;
        if (typeof s.answered !== "boolean" || typeof s.correct !== "boolean") return;
        var values = Array.isArray(s.selectedValues) ? s.selectedValues : [];
        clean[id] = {
          answered: s.answered,
          correct: s.correct,
          selectedValues: values.filter(function (v) { return typeof v === "string"; })
            .map(function (v) { return v.slice(0, 500); }).slice(0, 50)
        };
      });
    }
    try { window.localStorage.setItem(KEY, JSON.stringify(clean)); } catch (e) { /* read-only storage */ }
  }
  cleanSaved();

  // mkdocs-quiz 1.7 writes a fill-in question's "wrong" feedback with innerHTML, pasting the typed answer and the
  // expected one in as HTML (<ul><li><del>typed</del> → expected</li></ul>), on submit and again when it restores
  // the answer from localStorage. Each fill-in feedback box gets its own innerHTML setter: mkdocs-quiz's own
  // markup around the list is kept, the list is rebuilt from the inputs as text.
  var innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  function guardFeedback(quiz) {
    var box = quiz.querySelector(".quiz-feedback");
    if (!box || Object.prototype.hasOwnProperty.call(box, "innerHTML")) return;
    Object.defineProperty(box, "innerHTML", {
      configurable: true,
      get: function () { return innerHTML.get.call(box); },
      set: function (html) {
        html = String(html);
        // The answers sit between mkdocs-quiz's first <ul> and its last </ul>: whatever they contain, the text
        // before (its message) and after (its closing tags) is mkdocs-quiz's own.
        var open = html.indexOf("<ul>"), close = html.lastIndexOf("</ul>");
        if (open < 0 || close < open) { innerHTML.set.call(box, html); return; }
        innerHTML.set.call(box, html.slice(0, open) + "<ul></ul>" + html.slice(close + 5));
        var list = box.querySelector("ul");
        var empty = (window.mkdocsQuizTranslations || {})["(empty)"] || "(empty)";
        quiz.querySelectorAll(".quiz-blank-input").forEach(function (input) {
          if (input.classList.contains("correct")) return;
          var item = document.createElement("li"), typed = document.createElement("del");
          typed.textContent = input.value.trim() || empty;
          item.appendChild(typed);
          item.appendChild(document.createTextNode(" \u2192 " + (input.getAttribute("data-answer") || "")));
          list.appendChild(item);
        });
      }
    });
  }
  document.querySelectorAll('.quiz[data-quiz-type="fill-blank"]').forEach(guardFeedback);

  function saved() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }

  function wrongIds() {
    var state = saved();
    var ids = [];
    document.querySelectorAll(".quiz").forEach(function (quiz) {
      var s = state[quiz.id];
      if (s && s.answered && !s.correct) ids.push(quiz.id);
    });
    return ids;
  }

  function show() {
    document.querySelectorAll(".quiz").forEach(function (quiz) {
      quiz.classList.toggle("zf-quiz-off", reviewing !== null && reviewing.indexOf(quiz.id) < 0);
    });
    // A group heading (单项选择题 …) is shown only if one of its questions is.
    document.querySelectorAll(".zf-quiz-group").forEach(function (heading) {
      var visible = false;
      for (var el = heading.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) {
        if (el.classList.contains("quiz") && !el.classList.contains("zf-quiz-off")) visible = true;
      }
      heading.classList.toggle("zf-quiz-off", !visible);
    });
  }

  function refresh() {
    var wrong = wrongIds().length;
    document.querySelectorAll(".zf-quiz-review").forEach(function (box) {
      var toggle = box.querySelector(".zf-review-toggle");
      toggle.setAttribute("aria-pressed", reviewing !== null ? "true" : "false");
      toggle.textContent = toggle.getAttribute(reviewing !== null ? "data-on" : "data-off");
      toggle.disabled = reviewing === null && wrong === 0;
      box.querySelector(".zf-review-retry").disabled = wrong === 0;
      box.querySelector(".zf-review-status").textContent = wrong ? "答错 " + wrong + " 题" : "没有答错的题";
    });
  }

  function review(ids) {
    reviewing = ids;
    show();
    refresh();
    if (ids && ids.length) document.getElementById(ids[0]).scrollIntoView({ block: "start" });
  }

  function init() {
    var boxes = document.querySelectorAll(".zf-quiz-review");
    if (!boxes.length) return;
    boxes.forEach(function (box) {
      box.hidden = false;
      box.querySelector(".zf-review-toggle").addEventListener("click", function () {
        review(reviewing === null ? wrongIds() : null);
      });
      box.querySelector(".zf-review-retry").addEventListener("click", function () {
        var ids = wrongIds();
        ids.forEach(function (id) {
          var again = document.getElementById(id).querySelector(".quiz-reset-button");
          if (again) again.click();
        });
        review(ids);
      });
    });
    window.addEventListener("quizProgressUpdate", refresh);
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
