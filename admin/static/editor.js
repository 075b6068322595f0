// The article editor: a rich-text editor over the body textarea when one is bundled; the plain
// textarea (which the server sanitises all the same) otherwise.
(function () {
  "use strict";
  var area = document.getElementById("body");
  if (!area || typeof window.GazetteEditor !== "function") return;
  window.GazetteEditor(area);
}());
