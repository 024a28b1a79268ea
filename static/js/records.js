// Redaction editor: selecting text inside a record field fills the form's field and offsets.
// Without JavaScript the suggestion links and the plain form do the same job.
(function () {
  "use strict";
  function offsetWithin(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length; // code points, as Python counts
  }
  document.addEventListener("mouseup", fill);
  document.addEventListener("keyup", fill);
  function fill() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    var block = range.commonAncestorContainer;
    if (block.nodeType !== 1) block = block.parentElement;
    block = block && block.closest("[data-records-field]");
    if (!block) return;
    var form = document.querySelector("[data-records-redaction-form]");
    if (!form) return;
    var start = offsetWithin(block, range.startContainer, range.startOffset);
    var end = offsetWithin(block, range.endContainer, range.endOffset);
    if (end <= start) return;
    form.querySelector("[name=field]").value = block.getAttribute("data-records-field");
    form.querySelector("[name=start]").value = String(start);
    form.querySelector("[name=end]").value = String(end);
  }
})();
