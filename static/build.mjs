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
// Urdu (and other Arabic-script) text: Noto Naskh Arabic, only fontsource's Arabic-script subset
// (about 50 KB as WOFF2), regular and bold, with its licence (SIL OFL 1.1). WOFF is kept for
// WeasyPrint's PDFs.
const naskh = "node_modules/@fontsource/noto-naskh-arabic";
mkdirSync("static/dist/fonts", { recursive: true });
for (const weight of [400, 700]) {
  for (const ext of ["woff2", "woff"]) {
    const name = `noto-naskh-arabic-arabic-${weight}-normal.${ext}`;
    cpSync(`${naskh}/files/${name}`, `static/dist/fonts/${name}`);
  }
}
cpSync(`${naskh}/LICENSE`, "static/dist/fonts/NOTO-NASKH-ARABIC-LICENSE.txt");
// Fonts and crown images are GOV.UK's own; only the generic icons are copied.
mkdirSync("static/dist/assets/images", { recursive: true });
console.log("static/dist built");
