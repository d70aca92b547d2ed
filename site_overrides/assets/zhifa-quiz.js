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
