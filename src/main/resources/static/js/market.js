// Supermarket counter: quantity steppers, confirm once (printing is /js/jifen.js's data-print, QR scanning /js/scan.js).
(function () {
  document.addEventListener('click', function (e) {
    var step = e.target.closest('[data-step]');
    if (step) {
      var input = document.getElementById(step.getAttribute('data-for'));
      if (!input) return;
      var v = parseInt(input.value || '0', 10) || 0;
      var max = parseInt(input.getAttribute('max') || '999', 10);
      v = Math.max(0, Math.min(max, v + parseInt(step.getAttribute('data-step'), 10)));
      input.value = v;
      input.dispatchEvent(new Event('change', {bubbles: true}));
    }
  });

  // Confirm once: a double tap sends the same form (same idempotency key) at most twice, and the
  // server answers both with the same redemption; the button is also disabled after the first tap.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form.id === 'mk-basket') {
      var btn = form.querySelector('button[type=submit]');
      if (btn) { setTimeout(function () { btn.disabled = true; }, 0); }
    }
  });
})();
