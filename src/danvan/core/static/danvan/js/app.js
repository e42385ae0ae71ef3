// danvan's own small behaviours; no inline scripts (the Content-Security-Policy forbids them).

// A select marked data-autosubmit (the language) submits when an option is chosen with the
// pointer. Walking through the options with the keyboard changes nothing until Enter or the
// form's button: a keyboard user is not sent away at the first arrow key.
let keyedSelect = null;
document.addEventListener("keydown", (event) => {
  const field = event.target;
  if (!(field instanceof HTMLSelectElement) || !field.hasAttribute("data-autosubmit")) return;
  if (event.key === "Enter") {
    event.preventDefault();
    field.form.requestSubmit();
  } else if (event.key !== "Tab") {
    keyedSelect = field;
  }
});
document.addEventListener("pointerdown", () => { keyedSelect = null; });
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit")
      && keyedSelect !== field) {
    field.form.requestSubmit();
  }
});

// Data tables become cards on a phone (app.css): each cell is labelled with its column.
function labelCells(root) {
  root.querySelectorAll("table.data-table").forEach((table) => {
    const headers = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    if (!headers.length) return;
    table.querySelectorAll("tbody tr").forEach((row) => {
      let column = 0;
      Array.from(row.children).forEach((cell) => {
        if (!cell.hasAttribute("data-label") && headers[column]) {
          cell.setAttribute("data-label", headers[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  });
}
// Filters folded behind a <details> on a phone are open on a wider screen.
function openWide(root) {
  if (!window.matchMedia("(min-width: 37.5rem)").matches) return;
  root.querySelectorAll("details[data-open-wide]").forEach((details) => { details.open = true; });
}
document.addEventListener("DOMContentLoaded", () => {
  labelCells(document);
  openWide(document);
});
document.addEventListener("htmx:afterSwap", (event) => labelCells(event.detail.target));

// Place picker (territory/widgets/place_picker.html): choosing an option fills the hidden input.
document.addEventListener("click", (event) => {
  const option = event.target.closest("[data-place-option]");
  if (!option) return;
  const picker = option.closest("[data-place-picker]");
  const value = picker.querySelector("[data-place-value]");
  value.value = option.dataset.value;
  // A form that follows its fields (the report builder) hears of the choice.
  value.dispatchEvent(new Event("change", { bubbles: true }));
  const search = picker.querySelector("[data-place-search]");
  search.value = option.dataset.label;
  option.closest(".place-picker__options").replaceChildren();
  search.focus();
});
document.addEventListener("input", (event) => {
  // Typing again forgets the unit chosen before, so the text and the choice never disagree.
  if (event.target.matches("[data-place-search]")) {
    event.target.closest("[data-place-picker]").querySelector("[data-place-value]").value = "";
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && event.target.matches("[data-place-search]")) {
    const first = event.target.closest("[data-place-picker]").querySelector("[data-place-option]");
    if (first) { event.preventDefault(); first.focus(); }
  }
});

// Tables with ticks: "choose all" ticks every row of the page ([data-pick-all] / [data-pick]);
// "every filtered model" ([data-pick-filtered]) makes the page's ticks moot, so they are greyed.
document.addEventListener("change", (event) => {
  const field = event.target;
  const table = field.closest("table");
  if (field.matches("[data-pick-all]") && table) {
    table.querySelectorAll("[data-pick]").forEach((box) => { box.checked = field.checked; });
  } else if (field.matches("[data-pick]") && table) {
    const boxes = [...table.querySelectorAll("[data-pick]")];
    const all = table.querySelector("[data-pick-all]");
    if (all) {
      all.checked = boxes.every((box) => box.checked);
      all.indeterminate = !all.checked && boxes.some((box) => box.checked);
    }
  } else if (field.matches("[data-pick-filtered]")) {
    field.form.querySelectorAll("[data-pick], [data-pick-all]").forEach((box) => {
      box.disabled = field.checked;
    });
  }
});
