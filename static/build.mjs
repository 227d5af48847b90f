// Build static/dist: compile Hark's Sass and copy GOV.UK Frontend's JS and assets.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { compile } from "sass";

const govuk = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/dist", { recursive: true });

const result = compile("static/scss/hark.scss", {
  loadPaths: ["node_modules/govuk-frontend/dist"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div", "if-function"],
});
writeFileSync("static/dist/hark.css", result.css);
cpSync(`${govuk}/govuk-frontend.min.js`, "static/dist/govuk-frontend.min.js");
// Fonts and crown images are GOV.UK's own; only the generic icons are copied.
mkdirSync("static/dist/assets/images", { recursive: true });
console.log("static/dist built");
