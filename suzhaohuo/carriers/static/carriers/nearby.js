// 「用我的位置」: fill the hidden lat/lng fields from the browser's location and submit the form.
// The page works without this script (choose a township instead).
(function () {
  var btn = document.getElementById("use-location");
  var form = document.getElementById("nearby-form");
  var status = document.getElementById("location-status");
  if (!btn || !form || !navigator.geolocation) { return; }
  btn.hidden = false;
  btn.addEventListener("click", function () {
    status.textContent = "正在获取位置……";
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(6);
      form.querySelector("[name=lng]").value = pos.coords.longitude.toFixed(6);
      var t = form.querySelector("[name=township]");
      if (t) { t.value = ""; }
      form.submit();
    }, function () {
      status.textContent = "无法获取位置，请选择所在乡镇（街道）后点“查找”。";
    }, {timeout: 10000, maximumAge: 600000});
  });
})();
