/* Click-to-play video facades (theme/templates/_video.html).
   Until a visitor activates a facade, the page holds only our poster and a link to the video on its
   host: nothing is requested from YouTube or PeerTube. Activating the link (click, Enter) replaces it
   by the player, loaded from the host, with autoplay and the start time already in its address, then
   moves the keyboard focus onto the player. No inline script, style or handler: CSP-friendly. */
(function () {
  "use strict";

  function makePlayer(facade) {
    var data = facade.dataset;
    var player;
    if (data.embedKind === "iframe") {
      player = document.createElement("iframe");
      player.setAttribute("allow", data.embedAllow);
      player.setAttribute("allowfullscreen", "");
      player.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    } else {
      player = document.createElement("video");
      player.controls = true;
      player.autoplay = true;
      if (data.embedCaptions) {
        var track = document.createElement("track");
        track.kind = "captions";
        track.srclang = "fr";
        track.label = "Français";
        track.src = data.embedCaptions;
        track.default = true;
        player.appendChild(track);
      }
    }
    player.className = "video-frame";
    player.setAttribute("title", data.embedTitle);
    player.setAttribute("tabindex", "0");
    player.src = data.embedSrc;
    return player;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return; /* a new tab or window: let the link take the visitor to the host */
    }
    var link = event.target.closest ? event.target.closest(".video-facade-link") : null;
    var facade = link ? link.closest("[data-video-facade]") : null;
    if (!facade || !facade.dataset.embedSrc) {
      return;
    }
    event.preventDefault();
    var player = makePlayer(facade);
    link.replaceWith(player);
    facade.classList.add("is-playing");
    player.focus();
  });
}());
