// The search page: queries the Pagefind index built with the site, and lists results as our own markup.
// « Chercher parmi » narrows them to one kind of page, with the `type` filter each page's template sets.
// No inline script or style anywhere, so it runs under the site's strict Content-Security-Policy.
const MAX_RESULTS = 20;
const DELAY_MS = 250;

const form = document.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const typeChoice = form.querySelector("select[name=type]");
const status = document.getElementById("recherche-etat");
const list = document.getElementById("recherche-resultats");
document.querySelector(".search-fallback").hidden = true;

let engine = null;
let latest = 0;
let timer = null;

async function loadEngine() {
  if (!engine) {
    const loaded = await import(`${form.dataset.bundle}pagefind.js`);
    await loaded.options({ baseUrl: form.dataset.site, excerptLength: 24 });
    await loaded.init();
    // A large site is indexed in several lots (plugins/programme/search.py): search them all as one.
    // A merged lot fetches only its own index, not the engine's WebAssembly again: merge them all at once.
    const lots = await (await fetch(`${form.dataset.bundle}lots.json`)).json();
    await Promise.all(lots.map((lot) => loaded.mergeIndex(`${form.dataset.bundle}${lot}`, { baseUrl: form.dataset.site })));
    engine = loaded;
  }
  return engine;
}

// Pagefind's excerpt is text with <mark> around the matches: keep exactly that, nothing else.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  return Array.from(parsed.childNodes, (node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

function element(name, className, ...children) {
  const node = document.createElement(name);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function resultItem(data) {
  const link = element("a", "", data.meta.title || data.url);
  link.href = data.url;
  const facts = [data.meta.type, data.meta.date].filter(Boolean).join(" · ");
  return element("li", "",
    element("article", "search-result",
      element("h2", "", link),
      element("p", "search-result-facts muted", facts),
      element("p", "search-result-excerpt", ...excerptNodes(data.excerpt))));
}

// « parmi les projets de recherche »: the chosen kind of page, as the choice reads; nothing for the whole site.
function typeWords() {
  if (!typeChoice.value) return "";
  return ` parmi les ${typeChoice.selectedOptions[0].textContent.trim().toLowerCase()}`;
}

function countLabel(count, query) {
  const asked = query ? ` pour « ${query} »` : "";
  if (count === 0) return `Aucun résultat${asked}${typeWords()}.`;
  const shown = count > MAX_RESULTS ? ` (les ${MAX_RESULTS} premiers sont affichés)` : "";
  return `${count} résultat${count > 1 ? "s" : ""}${asked}${typeWords()}${shown}.`;
}

// A kind of page chosen without words lists all its pages (Pagefind searches `null` through the filter alone).
async function run(text) {
  const query = text.trim();
  const type = typeChoice.value;
  const ticket = ++latest;
  if (!query && !type) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = "Recherche en cours…";
  try {
    const filters = type ? { type } : {};
    const search = await (await loadEngine()).search(query || null, { filters });
    const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((result) => result.data()));
    if (ticket !== latest) return;
    list.replaceChildren(...results.map(resultItem));
    status.textContent = countLabel(search.results.length, query);
  } catch (error) {
    status.textContent = "La recherche est indisponible pour le moment.";
    throw error;
  }
}

// The address keeps the words and the kind of page, as the form itself would send them.
function remember(query) {
  const url = new URL(window.location.href);
  for (const [name, value] of [["q", query.trim()], ["type", typeChoice.value]]) {
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  }
  window.history.replaceState(null, "", url);
}

function searchNow() {
  clearTimeout(timer);
  remember(input.value);
  run(input.value);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  searchNow();
});

typeChoice.addEventListener("change", searchNow);

input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(searchNow, DELAY_MS);
});

const asked = new URLSearchParams(window.location.search);
const initialType = asked.get("type") || "";
typeChoice.value = Array.from(typeChoice.options, (option) => option.value).includes(initialType) ? initialType : "";
input.value = asked.get("q") || "";
if (input.value || typeChoice.value) run(input.value);
