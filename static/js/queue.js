/*
 * Queue pages: keyboard shortcuts and rationale templates. Loaded only on the queue and
 * comment pages. Vanilla, no build, safe under a strict CSP. Everything here is an
 * enhancement: every action is a plain form that works without JavaScript.
 *
 *  list:   j / k   next / previous row (focus moves to the row)
 *          Enter / o  open the focused row
 *  detail: e keep, h hide, r remove, x escalate. When the action needs a category or a
 *          rationale that is missing, focus moves there first; pressing the key again
 *          once they are filled in submits.
 *  both:   ? shortcut list (handled by portal.js, which toggles #shortcut-help)
 *
 * Picking a category fills the rationale with that category's template, as long as the
 * moderator has not typed in the rationale yet.
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

  function decide(key) {
    var form = document.getElementById('decision-form');
    if (!form) {
      return false;
    }
    var button = form.querySelector('button[data-shortcut="' + key + '"]');
    if (!button || button.disabled) {
      return false;
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
    var rationale = form.querySelector('textarea[name="rationale"]');
    if (needs.indexOf('rationale') !== -1 && rationale && !rationale.value.trim()) {
      rationale.focus();
      say(form, 'Write a rationale, then press Tab and ' + key + ' again, or use the button.');
      return true;
    }
    button.click();
    return true;
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
      case 'x':
        handled = decide(event.key);
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
    if (!box || !box.closest || !box.checked || !box.closest('#decision-categories')) {
      return;
    }
    var form = box.closest('form');
    var rationale = form && form.querySelector('textarea[name="rationale"]');
    if (!rationale || rationale.getAttribute('data-edited') === 'true') {
      return;
    }
    var items = form.querySelectorAll('#rationale-templates li');
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].getAttribute('data-code') === box.value) {
        rationale.value = items[i].textContent;
        say(form, 'Rationale filled in from the category’s template; edit it as needed.');
        return;
      }
    }
  });
})();
