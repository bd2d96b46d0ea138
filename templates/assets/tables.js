// Sort and filter for tables marked `data-tools`. Progressive enhancement: without this script
// every row is shown, in the page's own order. No dependency, no inline code (see the CSP).
"use strict";

(function () {
  const UNKNOWN = /^(unknown|not applicable|n\/a|—|-)?$/i;

  /** The value a cell sorts by: a number for numeric cells (unknown sorts last), else its text. */
  function sortValue(cell, numeric) {
    const text = (cell.dataset.sort || cell.textContent).trim();
    if (!numeric) return text.toLowerCase();
    if (UNKNOWN.test(text)) return null;
    const match = text.replace(/,/g, "").replace(/−/g, "-").match(/[-+]?\d+(\.\d+)?/);
    return match ? parseFloat(match[0]) : null;
  }

  /** The values a filter column offers for one cell: its flags, or its whole text. */
  function filterValues(cell, kind) {
    if (kind === "flag") return Array.from(cell.querySelectorAll(".flag"), (f) => f.textContent.trim());
    return [cell.textContent.trim()];
  }

  function compare(a, b, direction) {
    if (a === b) return 0;
    if (a === null) return 1; // unknown last in either direction
    if (b === null) return -1;
    if (typeof a === "number" && typeof b === "number") return direction * (a - b);
    return direction * String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  function sortBy(table, index, header) {
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const numeric = rows.some((r) => r.cells[index] && r.cells[index].classList.contains("num"));
    const direction = header.getAttribute("aria-sort") === (numeric ? "descending" : "ascending") ? -1 : 1;
    const first = numeric ? -direction : direction;
    const keyed = rows.map((row, order) => ({ row, order, value: row.cells[index] ? sortValue(row.cells[index], numeric) : null }));
    keyed.sort((x, y) => compare(x.value, y.value, first) || x.order - y.order);
    for (const th of table.tHead.rows[0].cells) th.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", first === 1 ? "ascending" : "descending");
    body.append(...keyed.map((k) => k.row));
  }

  function applyFilters(table, tools, count) {
    const text = tools.querySelector("input").value.trim().toLowerCase();
    const selects = Array.from(tools.querySelectorAll("select"));
    let shown = 0;
    const rows = Array.from(table.tBodies[0].rows);
    for (const row of rows) {
      let keep = !text || row.textContent.toLowerCase().includes(text);
      for (const select of selects) {
        if (!keep || !select.value) continue;
        const cell = row.cells[Number(select.dataset.column)];
        keep = !!cell && filterValues(cell, select.dataset.kind).includes(select.value);
      }
      row.hidden = !keep;
      if (keep) shown += 1;
    }
    count.value = `${shown} of ${rows.length} rows shown`;
  }

  function control(labelText, element) {
    const label = document.createElement("label");
    label.append(labelText, element);
    return label;
  }

  function enhance(table, number) {
    if (!table.tHead || !table.tBodies[0] || table.tBodies[0].rows.length < 2) return;
    const headers = Array.from(table.tHead.rows[0].cells);
    const tools = document.createElement("div");
    tools.className = "table-tools";
    const search = document.createElement("input");
    search.type = "search";
    search.id = `table-filter-${number}`;
    tools.append(control("Filter rows", search));
    headers.forEach((th, index) => {
      if (th.hasAttribute("data-filter")) {
        const kind = th.dataset.filter || "text";
        const values = new Set();
        for (const row of table.tBodies[0].rows) {
          if (row.cells[index]) filterValues(row.cells[index], kind).forEach((v) => v && values.add(v));
        }
        const select = document.createElement("select");
        select.dataset.column = String(index);
        select.dataset.kind = kind;
        select.append(new Option("any", ""));
        Array.from(values).sort().forEach((v) => select.append(new Option(v, v)));
        tools.append(control(th.textContent.trim(), select));
      }
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.setAttribute("aria-label", `Sort by ${th.textContent.trim()}`);
      button.addEventListener("click", () => sortBy(table, index, th));
      th.append(button);
    });
    const count = document.createElement("output");
    tools.append(count);
    tools.addEventListener("input", () => applyFilters(table, tools, count));
    const box = table.closest(".scroll") || table;
    box.before(tools);
    applyFilters(table, tools, count);
  }

  document.querySelectorAll("table[data-tools]").forEach(enhance);
})();
