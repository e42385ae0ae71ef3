// danvan's own small behaviours; no inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit")) {
    field.form.requestSubmit();
  }
});
// With JavaScript on, the language form submits on change: hide its button.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-autosubmit]").forEach((field) => {
    const button = field.form && field.form.querySelector("button[type=submit]");
    if (button) button.classList.add("visually-hidden");
  });
});

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
