// 「重新获取验证码」: the server renders the seconds left (the page works without JS: pressing early gets a
// clear message); with JS the text counts down and the button waits until the interval has passed.
(function () {
  var span = document.querySelector("[data-countdown]");
  var button = document.querySelector("[data-testid=resend]");
  if (!span || !button) return;
  var left = parseInt(span.getAttribute("data-countdown"), 10) || 0;
  var template = span.textContent.replace(String(left), "{s}");
  button.disabled = left > 0;
  var timer = setInterval(function () {
    left -= 1;
    if (left <= 0) {
      clearInterval(timer);
      span.textContent = span.getAttribute("data-done");
      button.disabled = false;
      return;
    }
    span.textContent = template.replace("{s}", String(left));
  }, 1000);
})();
