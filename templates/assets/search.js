// Full-text search over the latest edition with the Pagefind index built into pagefind/.
// Shown only when this script runs; the index loads on first use, never at page load.
"use strict";

(function () {
  const script = document.currentScript;
  const box = document.querySelector(".search");
  if (!script || !box || location.protocol === "file:") return; // a browser fetches no index from disk
  const root = new URL(script.dataset.root || "./", document.baseURI);
  const input = box.querySelector("input");
  const list = box.querySelector("ol");
  let engine = null;
  let latest = 0;

  async function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(async (pagefind) => {
        await pagefind.options({ baseUrl: root.pathname });
        return pagefind;
      });
    }
    return engine;
  }

  function item(data) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    const excerpt = document.createElement("p");
    excerpt.textContent = data.excerpt.replace(/<[^>]*>/g, ""); // shown as text: Pagefind marks hits with <mark>
    li.append(link, excerpt);
    return li;
  }

  async function run() {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      return;
    }
    const pagefind = await load();
    const found = await pagefind.search(query);
    const data = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));
    if (ticket !== latest) return; // a newer query already answered
    list.replaceChildren(...data.map(item));
    if (!data.length) {
      const none = document.createElement("li");
      none.textContent = "Nothing found.";
      list.append(none);
    }
  }

  box.hidden = false;
  input.addEventListener("input", run);
})();
