/* Copy a unit's formal citation; works on old browsers and over file:// (falls back to a selection). */
(function () {
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text, done); });
    } else {
      fallback(text, done);
    }
  }
  function fallback(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { window.prompt("请复制：", text); }
    document.body.removeChild(area);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".zf-copy") : null;
    if (!button) return;
    copyText(button.getAttribute("data-cite"), function () {
      button.classList.add("zf-done");
      button.textContent = "已复制";
      window.zhifaLastCopied = button.getAttribute("data-cite");
      setTimeout(function () { button.classList.remove("zf-done"); button.textContent = "复制引用"; }, 2000);
    });
  });
})();
