/* 「用我的位置」: fill the form's lat/lng from the browser (WGS-84) and submit. Optional enhancement:
   without JavaScript or permission the pages work by home township. No inline script (strict CSP). */
(function () {
  "use strict";
  if (!("geolocation" in navigator)) { return; }
  var buttons = document.querySelectorAll('[data-geo="button"]');
  Array.prototype.forEach.call(buttons, function (btn) {
    var form = btn.form || btn.closest("form");
    if (!form) { return; }
    btn.hidden = false;
    var status = form.querySelector('[data-geo="status"]');
    btn.addEventListener("click", function () {
      if (status) { status.textContent = btn.getAttribute("data-wait") || "…"; }
      btn.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector('[data-geo="lat"]').value = pos.coords.latitude.toFixed(6);
        form.querySelector('[data-geo="lng"]').value = pos.coords.longitude.toFixed(6);
        var coord = form.querySelector('[data-geo="coord"]');
        if (coord) { coord.value = "wgs84"; }  /* browsers report WGS-84 */
        form.submit();
      }, function () {
        btn.disabled = false;
        if (status) { status.textContent = btn.getAttribute("data-denied") || ""; }
      }, {enableHighAccuracy: false, timeout: 10000, maximumAge: 600000});
    });
  });
})();
