/*
 * Queue pages: keyboard shortcuts and rationale templates. Loaded only on the queue and
 * comment pages. Vanilla, no build, safe under a strict CSP. Everything here is an
 * enhancement: every action is a plain form that works without JavaScript.
 *
 *  list:   j / k   next / previous row (focus moves to the row)
 *          Enter / o  open the focused row
 *          e keep, h hide, r remove the focused row in place (htmx swaps the row for what
 *          was decided, with an undo; focus moves on to the next row)
 *  detail: e keep, h hide, r remove, x escalate. When the action needs a category or a
 *          rationale that is missing, focus moves there first; pressing the key again
 *          once they are filled in submits. d goes to the decision form.
 *  both:   u undo the decision just made (while the offer stands)
 *          ? shortcut list (handled by portal.js, which toggles #shortcut-help)
 *
 * Picking a category fills the rationale with that category's template (only templates
 * whose blanks the page could fill are offered), as long as the moderator has not typed in
 * the rationale yet; "keep" puts the keep's own wording in place of a violation template,
 * and "escalate" asks for the moderator's reason instead of a template.
 */
(function () {
  'use strict';

  function isTyping(el) {
    if (!el || el.nodeType !== 1) {
      return false;
    }
    if (el.isContentEditable) {
      return true;
    }
    var tag = el.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') {
      return true;
    }
    if (tag === 'INPUT') {
      var type = (el.getAttribute('type') || 'text').toLowerCase();
      // Checkboxes and buttons take no text: the shortcuts still work from them.
      return ['checkbox', 'radio', 'button', 'submit', 'reset'].indexOf(type) === -1;
    }
    return false;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('tr[data-queue-row]'));
  }

  function moveRow(step) {
    var all = rows();
    if (!all.length) {
      return false;
    }
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest('tr[data-queue-row]') : null;
    var index = all.indexOf(current);
    var next = index === -1 ? (step > 0 ? 0 : all.length - 1) : index + step;
    next = Math.max(0, Math.min(all.length - 1, next));
    all[next].focus();
    all[next].scrollIntoView({block: 'nearest'});
    return true;
  }

  function openRow() {
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest('tr[data-queue-row]') : null;
    if (!current) {
      return false;
    }
    var link = current.querySelector('a[data-queue-open]');
    if (link) {
      link.click();
      return true;
    }
    return false;
  }

  function say(form, text) {
    var status = form.querySelector('#decision-status');
    if (status) {
      status.textContent = text;
    }
  }

  function templateText(form, code) {
    var items = form.querySelectorAll('#rationale-templates li');
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].getAttribute('data-code') === code) {
        return items[i].textContent;
      }
    }
    return null;
  }

  function setRationale(form, text, code) {
    var rationale = form.querySelector('textarea[name="rationale"]');
    var origin = form.querySelector('input[name="rationale_started_from"]');
    if (rationale) {
      rationale.value = text;
    }
    if (origin) {
      origin.value = code;
    }
  }

  function edited(form) {
    var rationale = form.querySelector('textarea[name="rationale"]');
    return rationale && rationale.getAttribute('data-edited') === 'true';
  }

  function decide(key) {
    var form = document.getElementById('decision-form');
    if (!form) {
      return false;
    }
    var button = form.querySelector('button[data-shortcut="' + key + '"]');
    if (!button || button.disabled) {
      return false;
    }
    var rationale = form.querySelector('textarea[name="rationale"]');
    if (key === 'e' && rationale && !edited(form)) {
      // A keep never carries a violation template: its own wording replaces it.
      var keep = templateText(form, 'keep');
      if (keep !== null) {
        setRationale(form, keep, 'keep');
      }
    }
    if (key === 'x' && rationale && !edited(form)) {
      // An escalation gives the moderator's reason, not a template.
      setRationale(form, '', '');
      rationale.focus();
      say(form, 'Say why a supervisor should decide this, then press Tab and x again, ' +
        'or use the button.');
      return true;
    }
    var needs = (button.getAttribute('data-needs') || '').split(' ');
    if (needs.indexOf('category') !== -1 &&
        !form.querySelector('#decision-categories input[type="checkbox"]:checked')) {
      var first = form.querySelector('#decision-categories input[type="checkbox"]');
      if (first) {
        first.focus();
      }
      say(form, 'Choose at least one policy category, then press ' + key + ' again.');
      return true;
    }
    if (needs.indexOf('rationale') !== -1 && rationale && !rationale.value.trim()) {
      rationale.focus();
      say(form, 'Write a rationale, then press Tab and ' + key + ' again, or use the button.');
      return true;
    }
    button.click();
    return true;
  }

  function toDecisionForm() {
    var form = document.getElementById('decision-form');
    if (!form) {
      return false;
    }
    var heading = document.getElementById('decide-heading');
    var first = form.querySelector('#decision-categories input[type="checkbox"]:checked') ||
      form.querySelector('#decision-categories input[type="checkbox"]') ||
      form.querySelector('textarea[name="rationale"]');
    if (heading) {
      heading.scrollIntoView({block: 'start'});
    }
    if (first) {
      first.focus();
    }
    return true;
  }

  // The row whose keystroke is in flight, and the row to focus once htmx has swapped it.
  var focusAfterSwap = null;

  function decideRow(key) {
    if (document.getElementById('decision-form')) {
      return false;
    }
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest('tr[data-queue-row]') : null;
    if (!current) {
      return false;
    }
    var button = current.querySelector('button[data-row-shortcut="' + key + '"]');
    if (!button || button.disabled) {
      return false;
    }
    var next = current.nextElementSibling;
    while (next && (!next.hasAttribute('data-queue-row') || next.hasAttribute('data-decided'))) {
      next = next.nextElementSibling;
    }
    focusAfterSwap = next ? next.id : null;
    button.click();
    return true;
  }

  function undoLast() {
    var offers = document.querySelectorAll('button[data-undo]');
    if (!offers.length) {
      return false;
    }
    offers[offers.length - 1].click();
    return true;
  }

  // Undo is offered for a few seconds; then the button goes (the record keeps the decision).
  function armUndo(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var offers = scope.querySelectorAll('[data-undo-offer]');
    if (scope.hasAttribute && scope.hasAttribute('data-undo-offer')) {
      offers = [scope].concat(Array.prototype.slice.call(offers));
    }
    Array.prototype.forEach.call(offers, function (offer) {
      if (offer.getAttribute('data-undo-armed')) {
        return;
      }
      offer.setAttribute('data-undo-armed', 'true');
      var seconds = parseInt(offer.getAttribute('data-undo-seconds') || '10', 10);
      window.setTimeout(function () {
        if (offer.parentNode) {
          offer.parentNode.removeChild(offer);
        }
      }, seconds * 1000);
    });
  }

  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey ||
        event.altKey || isTyping(event.target)) {
      return;
    }
    var handled = false;
    switch (event.key) {
      case 'j':
        handled = moveRow(1);
        break;
      case 'k':
        handled = moveRow(-1);
        break;
      case 'o':
      case 'Enter':
        // Enter on a link or button keeps its own meaning.
        if (event.key === 'Enter' && event.target && event.target.tagName !== 'TR') {
          return;
        }
        handled = openRow();
        break;
      case 'e':
      case 'h':
      case 'r':
        handled = decideRow(event.key) || decide(event.key);
        break;
      case 'x':
        handled = decide(event.key);
        break;
      case 'u':
        handled = undoLast();
        break;
      case 'd':
        handled = toDecisionForm();
        break;
      default:
        return;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  // After htmx swaps in the next comment, put focus on its heading, so screen readers announce
  // it and the shortcuts work at once. htmx would otherwise give focus back to whatever field
  // had it (matched by id), so let go of it just before the swap. (htmx:load fires on the new
  // content itself; the form that made the request has left the page by then.)
  document.addEventListener('htmx:beforeSwap', function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === 'comment-detail' && document.activeElement &&
        typeof document.activeElement.blur === 'function') {
      document.activeElement.blur();
    }
  });

  document.addEventListener('htmx:load', function (event) {
    armUndo(event.target);
    if (event.target && event.target.tagName === 'TR' && focusAfterSwap !== null) {
      var row = document.getElementById(focusAfterSwap) || event.target;
      focusAfterSwap = null;
      row.focus();
      return;
    }
    if (event.target && event.target.id === 'comment-detail') {
      var heading = document.getElementById('comment-heading');
      if (heading) {
        heading.focus();
      }
    }
  });

  // Rationale templates: offered, never forced. Once the moderator types, we leave it alone.
  document.addEventListener('input', function (event) {
    var target = event.target;
    if (target && target.name === 'rationale' && target.tagName === 'TEXTAREA') {
      target.setAttribute('data-edited', 'true');
    }
  });

  document.addEventListener('change', function (event) {
    var box = event.target;
    if (!box || !box.closest || !box.closest('#decision-categories')) {
      return;
    }
    var form = box.closest('form');
    var rationale = form && form.querySelector('textarea[name="rationale"]');
    var origin = form && form.querySelector('input[name="rationale_started_from"]');
    if (!rationale || edited(form)) {
      return;
    }
    var code = box.checked ? box.value : '';
    if (!box.checked) {
      // The category whose template is in the field was unticked: take another ticked
      // category's template, or leave the field empty.
      if (!origin || origin.value !== box.value) {
        return;
      }
      var ticked = form.querySelectorAll('#decision-categories input[type="checkbox"]:checked');
      code = ticked.length ? ticked[0].value : '';
    }
    var text = code ? templateText(form, code) : null;
    if (text !== null) {
      setRationale(form, text, code);
      say(form, 'Rationale filled in from the category’s template; edit it as needed.');
    } else if (origin && origin.value) {
      setRationale(form, '', '');
      say(form, code ? 'This category’s template needs details only you can give: write ' +
        'the rationale.' : 'Rationale cleared.');
    } else if (code) {
      say(form, 'This category’s template needs details only you can give: write the ' +
        'rationale.');
    }
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { armUndo(document); });
  } else {
    armUndo(document);
  }
})();
