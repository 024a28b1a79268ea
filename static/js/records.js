// Redaction by selection: selecting text inside a record's part ([data-records-field]) fills
// the redaction form ([data-records-redaction-form]) with the record, the part, the offsets
// (code points, as Python counts them, in the text the page shows) and the selected text.
// The server checks the text is there before it marks anything. Without JavaScript the
// editor's form takes the part and the text typed or pasted, and suggestion links fill it.
(function () {
  "use strict";

  function codePoints(text) {
    return Array.from(text).length;
  }

  function offsetWithin(block, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(block);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function blockOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element ? element.closest("[data-records-field]") : null;
  }

  function setValue(form, name, value) {
    var input = form.querySelector("[name=" + name + "]");
    if (input) input.value = value;
  }

  function fill() {
    var form = document.querySelector("[data-records-redaction-form]");
    var selection = window.getSelection();
    if (!form || !selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    var block = blockOf(range.startContainer);
    if (!block || blockOf(range.endContainer) !== block) return;
    var start = offsetWithin(block, range.startContainer, range.startOffset);
    var end = offsetWithin(block, range.endContainer, range.endOffset);
    if (end <= start) return;
    var text = Array.from(block.textContent).slice(start, end).join("");
    if (block.dataset.recordsTargetType) {
      setValue(form, "target_type", block.dataset.recordsTargetType);
      setValue(form, "target_id", block.dataset.recordsTargetId);
    }
    setValue(form, "field", block.getAttribute("data-records-field"));
    setValue(form, "start", String(start));
    setValue(form, "end", String(end));
    setValue(form, "selected_text", text);
    setValue(form, "occurrence", "");
    var panel = form.closest("[data-records-redaction-panel]");
    if (panel) panel.hidden = false;
    var status = document.querySelector("[data-records-selection-status]");
    if (status) {
      status.textContent =
        "Selected in " + (block.dataset.recordsLabel || "the record") + ": “" + text + "”";
    }
  }

  // Typing in the text or choosing another part by hand: the server looks the text up.
  function forgetOffsets(event) {
    var form = event.target.closest("[data-records-redaction-form]");
    if (!form) return;
    var name = event.target.name;
    if (name === "selected_text" || name === "field") {
      setValue(form, "start", "");
      setValue(form, "end", "");
    }
  }

  document.addEventListener("mouseup", fill);
  document.addEventListener("keyup", function (event) {
    if (!event.target.closest || !event.target.closest("[data-records-redaction-form]")) fill();
  });
  document.addEventListener("input", forgetOffsets);
  document.addEventListener("change", forgetOffsets);
  // The review page's panel only works with a selection: shown once the script runs.
  document.querySelectorAll("[data-records-redaction-panel]").forEach(function (panel) {
    panel.hidden = false;
  });
})();
