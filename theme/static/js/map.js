/* The interactive venue map (theme/templates/_venue_map.html, plugins/programme/outputs/venue_map.py).
   Until a visitor asks for it, the page shows the plan drawn at build time and requests nothing from another
   site. This script only reveals the button (without JavaScript there is none) and the notice saying what it
   loads from whom; a click loads Leaflet, served from this site, then OpenStreetMap's tiles, and places the
   plan's venues on it, each with a popup linking to its page. No inline script, style or handler. */

const OSM_COPYRIGHT = "https://www.openstreetmap.org/copyright";

/** Adds a <link> or <script> to the page and resolves once it has loaded. */
function load(element) {
  return new Promise((resolve, reject) => {
    element.addEventListener("load", resolve, { once: true });
    element.addEventListener("error", () => reject(new Error("chargement impossible")), { once: true });
    document.head.append(element);
  });
}

/** Leaflet (vendored under theme/static/vendor/leaflet/), its stylesheet first: markers find their images from it. */
async function loadLeaflet(block) {
  if (window.L) {
    return window.L;
  }
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = block.dataset.leafletStyle;
  await load(style);
  const script = document.createElement("script");
  script.src = block.dataset.leafletScript;
  await load(script);
  return window.L;
}

/** A venue's popup, built as elements (names and addresses are text, never HTML). */
function popup(venue) {
  const box = document.createElement("div");
  const name = document.createElement("p");
  const link = document.createElement("a");
  link.href = venue.url;
  link.textContent = venue.name;
  name.className = "venue-map-popup-name";
  name.append(link);
  box.append(name);
  for (const text of [venue.address, venue.upcoming]) {
    if (text) {
      const line = document.createElement("p");
      line.textContent = text;
      box.append(line);
    }
  }
  return box;
}

function show(block, L) {
  const data = JSON.parse(block.dataset.venueMap);
  const live = document.createElement("div");
  live.className = "venue-map-live";
  live.setAttribute("role", "region");
  live.setAttribute("aria-label", "Carte interactive des lieux (OpenStreetMap)");
  block.after(live);
  const map = L.map(live, { scrollWheelZoom: false });
  L.tileLayer(data.tiles, {
    maxZoom: 19,
    attribution: `© <a href="${OSM_COPYRIGHT}">les contributeurs d’OpenStreetMap</a>`,
  }).addTo(map);
  map.fitBounds(data.bounds);
  for (const venue of data.venues) {
    const marker = L.marker([venue.lat, venue.lon], { title: venue.name, alt: venue.name, riseOnHover: true });
    marker.addTo(map).bindPopup(popup(venue));
    if (venue.current) {
      marker.openPopup();
    }
  }
  block.previousElementSibling.hidden = true; /* the plan: the same venues, now on the live map */
  block.hidden = true;
  live.focus();
}

const block = document.querySelector("[data-venue-map]");
if (block) {
  const button = block.querySelector(".venue-map-load");
  const status = block.querySelector(".venue-map-status");
  block.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "Chargement de la carte…";
    try {
      show(block, await loadLeaflet(block));
    } catch (error) {
      status.textContent = "La carte interactive n’a pas pu être chargée ; le plan et la liste des lieux restent disponibles.";
      button.disabled = false;
    }
  });
}
