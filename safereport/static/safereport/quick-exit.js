/* Leave quickly: replace this page in the history, so Back does not return here. Works without JS as a plain link. */
(function () {
  function leave(event) {
    var link = document.getElementById("quick-exit");
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(link.href);
  }
  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "quick-exit") leave(event);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") leave(event);
  });
})();
