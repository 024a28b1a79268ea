/*
 * City of Stanton moderation portal: small progressive enhancements.
 * No dependencies; safe under a strict CSP (no eval, no inline handlers/styles).
 *
 *  - "?" toggles <dialog id="shortcut-help"> when the page has one
 *    (ignored while typing in inputs, textareas, selects and contenteditable).
 *  - <button data-confirm="Message"> asks window.confirm(message) before its
 *    form is submitted (also stops htmx from firing on that click if cancelled).
 */
(function () {
  'use strict';

  function isTypingTarget(el) {
    if (!el || el.nodeType !== 1) {
      return false;
    }
    if (el.isContentEditable) {
      return true;
    }
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
  }

  function toggleDialog(dialog) {
    if (dialog.open) {
      if (typeof dialog.close === 'function') {
        dialog.close();
      } else {
        dialog.removeAttribute('open');
      }
    } else if (typeof dialog.showModal === 'function') {
      dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
    }
  }

  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.isComposing) {
      return;
    }
    if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (isTypingTarget(event.target)) {
      return;
    }
    var dialog = document.getElementById('shortcut-help');
    if (!dialog || dialog.tagName !== 'DIALOG') {
      return;
    }
    event.preventDefault();
    toggleDialog(dialog);
  });

  // Capture phase, so this runs before htmx or any other click handlers.
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!target || typeof target.closest !== 'function') {
      return;
    }
    var button = target.closest('button[data-confirm]');
    if (!button || button.disabled) {
      return;
    }
    var message = button.getAttribute('data-confirm');
    if (!message) {
      return;
    }
    if (!window.confirm(message)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
})();
