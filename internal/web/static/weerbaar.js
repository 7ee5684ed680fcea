// Small enhancements only: every page works without this file.
(function () {
  'use strict';
  // Ask before destructive actions marked with data-confirm.
  document.addEventListener('submit', function (e) {
    var msg = e.target.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // Put the keyboard focus on the first field with an error.
  var bad = document.querySelector('[aria-invalid="true"]');
  if (bad) { bad.focus(); }
})();
