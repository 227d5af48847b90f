// Progressive enhancement only: every page works without this file.
import { initAll } from "../dist/govuk-frontend.min.js";

initAll();

// Actions that take a few seconds say so: the button is marked busy and a status message is
// announced, and a second press does not send the form again.
for (const form of document.querySelectorAll("form[data-hark-working]")) {
  form.addEventListener("submit", () => {
    if (form.dataset.harkSent) return;
    form.dataset.harkSent = "1";
    for (const button of form.querySelectorAll("button[type=submit], input[type=submit], .govuk-button")) {
      button.setAttribute("aria-disabled", "true");
      button.classList.add("govuk-button--disabled");
    }
    const status = document.createElement("p");
    status.className = "govuk-body hark-working";
    status.setAttribute("role", "status");
    status.textContent = form.dataset.harkWorking;
    form.append(status);
  });
  form.addEventListener("submit", (event) => {
    if (form.dataset.harkSent === "2") event.preventDefault();
    form.dataset.harkSent = "2";
  });
}
