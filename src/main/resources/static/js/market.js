// Supermarket counter: quantity steppers, camera QR scanning where the browser can, printing.
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
      return;
    }
    if (e.target.closest('[data-print]')) {
      window.print();
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

  var scanBtn = document.getElementById('mk-scan');
  if (!scanBtn) return;
  var note = document.getElementById('mk-scan-note');
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    scanBtn.hidden = true;
    if (note) note.hidden = false;
    return;
  }
  scanBtn.hidden = false;
  scanBtn.addEventListener('click', function () {
    var box = document.getElementById('mk-scanner');
    var video = box.querySelector('video');
    var input = document.getElementById('passbook');
    var detector;
    try { detector = new BarcodeDetector({formats: ['qr_code']}); } catch (err) { if (note) note.hidden = false; return; }
    box.hidden = false;
    navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}}).then(function (stream) {
      video.srcObject = stream;
      video.play();
      var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); box.hidden = true; };
      var tick = function () {
        if (box.hidden) { stop(); return; }
        detector.detect(video).then(function (codes) {
          if (codes.length > 0 && codes[0].rawValue) {
            input.value = codes[0].rawValue.trim();
            stop();
            input.form.submit();
          } else {
            requestAnimationFrame(tick);
          }
        }).catch(function () { requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () { box.hidden = true; if (note) note.hidden = false; });
  });
})();
