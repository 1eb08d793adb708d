// Read-aloud: speaks the page's main text in Chinese where the browser has speech synthesis.
document.addEventListener('click', function (e) {
  var btn = e.target.closest('[data-read-aloud]');
  if (!btn) return;
  if (!('speechSynthesis' in window)) { btn.disabled = true; return; }
  window.speechSynthesis.cancel();
  var target = document.querySelector(btn.getAttribute('data-read-aloud')) || document.querySelector('main');
  var u = new SpeechSynthesisUtterance(target.innerText);
  u.lang = document.documentElement.lang || 'zh-CN';
  u.rate = 0.9;
  window.speechSynthesis.speak(u);
});

// Menu groups: one open at a time, and a tap elsewhere closes it (the menu works without this script too).
document.addEventListener('click', function (e) {
  document.querySelectorAll('details.menu-group[open]').forEach(function (d) {
    if (!d.contains(e.target)) d.removeAttribute('open');
  });
});

// Select all: a checkbox with data-select-all="<name>" ticks or clears every checkbox of that name in its form.
document.addEventListener('change', function (e) {
  var all = e.target.closest('input[data-select-all]');
  if (!all) return;
  var form = all.form || document;
  form.querySelectorAll('input[type=checkbox][name="' + all.getAttribute('data-select-all') + '"]').forEach(function (c) {
    if (!c.disabled) c.checked = all.checked;
  });
});

// Print: a button with data-print prints the page (the CSP refuses inline onclick handlers).
document.addEventListener('click', function (e) {
  if (e.target.closest('[data-print]')) window.print();
});
