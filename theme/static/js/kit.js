/* Social-media kits (kit.html): each « Copier » button copies its text box to the clipboard. Without this
   script the buttons stay hidden; the texts can still be selected, and downloaded as files. */
(function () {
  "use strict";
  function copy(box) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(box.value);
    }
    box.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var box = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".kit-status");
    if (!box) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(box).then(function () {
        status.textContent = "Copié.";
      }, function () {
        box.select();
        status.textContent = "Copie impossible : le texte est sélectionné, copiez-le avec Ctrl+C.";
      });
    });
  });
}());
