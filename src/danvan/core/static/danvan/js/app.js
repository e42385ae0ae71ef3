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
