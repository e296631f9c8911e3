// Follow-up questions that a radio reveals (GOV.UK's "conditional reveal"), done without aria-expanded: that
// attribute is not allowed on a radio (axe rule aria-allowed-attr; alphagov/govuk-frontend#979). So Threshold's
// radios name what they reveal with data-thr-reveals, and neither data-aria-controls nor aria-controls, either of
// which makes GOV.UK Frontend add aria-expanded. The follow-up sits straight after its radio, so it is read next.
// Without JavaScript every follow-up question simply shows.
for (const input of document.querySelectorAll("input[data-thr-reveals]")) {
  const target = document.getElementById(input.dataset.thrReveals);
  if (!target) continue;
  const sync = () => target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
  for (const other of input.form.querySelectorAll(`input[name="${CSS.escape(input.name)}"]`)) {
    other.addEventListener("change", sync);
  }
  sync();
}
