// Optional: fill the hidden lat/lng of check-in forms with the device location (geofence check).
(function () {
  var lat = document.querySelector("[data-geo=lat]"), lng = document.querySelector("[data-geo=lng]");
  if (!lat || !lng || !navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition(function (p) {
    lat.value = p.coords.latitude.toFixed(6); lng.value = p.coords.longitude.toFixed(6);
  }, function () {}, {enableHighAccuracy: true, timeout: 8000, maximumAge: 60000});
})();
