/* Leave quickly. The link goes to /exit/, which ends the visit on the server before sending the browser on; here it
   replaces this page in the history, so Back does not return to it. Escape pressed twice within a second does the
   same: one press is too easily made by accident (closing a menu, cancelling a word) and would lose what was typed.
   Without JavaScript the link works as a plain link. */
(function () {
  var TWICE_WITHIN_MS = 1000;
  var lastEscape = -Infinity;

  function leave(event) {
    var link = document.getElementById("quick-exit");
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(link.href);
  }

  var hint = document.getElementById("quick-exit-hint");
  if (hint) hint.hidden = false;

  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "quick-exit") leave(event);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      lastEscape = -Infinity; // Escape, a word, Escape is not a double press
      return;
    }
    if (event.repeat) return; // a key held down is one press
    if (event.timeStamp - lastEscape <= TWICE_WITHIN_MS) leave(event);
    else lastEscape = event.timeStamp;
  });
})();
