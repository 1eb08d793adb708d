// Passbook QR scanning on any phone. A button [data-scan="<input id>"] opens the rear camera in the
// [data-scanner-for="<input id>"] box; the first QR code read fills the input and submits its form.
// Reading uses the browser's BarcodeDetector where it reads QR codes (Chrome on Android), and otherwise
// jsQR, served by Jifen from the URL in the button's data-scan-decoder (iOS Safari and WeChat's browser
// have no BarcodeDetector). Camera frames go through getUserMedia into a canvas for jsQR.
// ?scanner=js on the page's URL forces jsQR (to try the fallback on a phone that has BarcodeDetector).
// The decoder that read the last code is kept in sessionStorage 'jifen.scanDecoder' (for support and tests).
(function () {
  var forceJs = /[?&]scanner=js(&|$)/.test(window.location.search);

  function nativeDetector() {
    if (forceJs || !('BarcodeDetector' in window)) return Promise.resolve(null);
    var formats = window.BarcodeDetector.getSupportedFormats
      ? window.BarcodeDetector.getSupportedFormats() : Promise.resolve(['qr_code']);
    return formats.then(function (f) {
      if (f.indexOf('qr_code') < 0) return null;
      var d = new window.BarcodeDetector({formats: ['qr_code']});
      return {name: 'barcode-detector', read: function (video) {
        return d.detect(video).then(function (codes) { return codes.length > 0 ? codes[0].rawValue : null; });
      }};
    }).catch(function () { return null; });
  }

  var jsQrLoading = null;
  function loadJsQr(src) {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    if (!jsQrLoading) {
      jsQrLoading = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = src;
        s.onload = function () { window.jsQR ? resolve(window.jsQR) : reject(new Error('jsQR missing')); };
        s.onerror = function () { jsQrLoading = null; reject(new Error('jsQR not loaded')); };
        document.head.appendChild(s);
      });
    }
    return jsQrLoading;
  }

  function jsDetector(src) {
    return loadJsQr(src).then(function (jsQR) {
      var canvas = document.createElement('canvas');
      var ctx = canvas.getContext('2d', {willReadFrequently: true});
      return {name: 'jsqr', read: function (video) {
        var w = video.videoWidth, h = video.videoHeight;
        if (!w || !h) return Promise.resolve(null);
        // a passbook QR is large in the frame: 640 px across is plenty and keeps old phones quick
        var scale = Math.min(1, 640 / Math.max(w, h));
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(h * scale);
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
        var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        var code = jsQR(img.data, img.width, img.height, {inversionAttempts: 'attemptBoth'});
        return Promise.resolve(code && code.data ? code.data : null);
      }};
    });
  }

  function setUp(btn) {
    var input = document.getElementById(btn.getAttribute('data-scan'));
    var box = document.querySelector('[data-scanner-for="' + btn.getAttribute('data-scan') + '"]');
    var note = document.querySelector('[data-scan-note-for="' + btn.getAttribute('data-scan') + '"]');
    var unsupported = function () { btn.hidden = true; if (box) box.hidden = true; if (note) note.hidden = false; };
    if (!input || !box || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { unsupported(); return; }
    btn.hidden = false;
    var video = box.querySelector('video');
    var stream = null;
    var stop = function () {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      box.hidden = true;
    };
    btn.addEventListener('click', function () {
      if (stream) { stop(); return; } // a second tap closes the camera
      nativeDetector().then(function (d) {
        return d || jsDetector(btn.getAttribute('data-scan-decoder'));
      }).then(function (detector) {
        return navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}, audio: false})
          .then(function (s) {
            stream = s;
            box.hidden = false;
            video.srcObject = s;
            video.setAttribute('data-decoder', detector.name);
            return video.play().catch(function () { /* muted inline video plays anyway */ });
          })
          .then(function () {
            var tick = function () {
              if (!stream) return;
              detector.read(video).then(function (text) {
                if (!stream) return;
                if (text && text.trim()) {
                  try { sessionStorage.setItem('jifen.scanDecoder', detector.name); } catch (e) { /* private mode */ }
                  input.value = text.trim();
                  stop();
                  input.form.submit();
                } else {
                  setTimeout(tick, 150);
                }
              }).catch(function () { setTimeout(tick, 300); });
            };
            tick();
          });
      }).catch(function () { stop(); unsupported(); });
    });
  }

  var start = function () { document.querySelectorAll('[data-scan]').forEach(setUp); };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
