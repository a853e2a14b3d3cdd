// 朗读: the phone's own speech synthesis when it has a Chinese voice; otherwise the server-made audio plays.
(function () {
  if (!("speechSynthesis" in window)) return;
  function chineseVoice() {
    return window.speechSynthesis.getVoices().find(function (v) { return /^zh|cmn/i.test(v.lang); });
  }
  function ready() {
    document.querySelectorAll("[data-read-aloud]").forEach(function (btn) {
      var target = document.getElementById(btn.getAttribute("data-read-aloud"));
      if (!target || !chineseVoice()) return;
      btn.hidden = false;
      btn.addEventListener("click", function () {
        window.speechSynthesis.cancel();
        var u = new SpeechSynthesisUtterance(target.innerText);
        u.voice = chineseVoice();
        u.lang = u.voice.lang;
        window.speechSynthesis.speak(u);
      });
    });
  }
  if (window.speechSynthesis.getVoices().length) ready();
  else window.speechSynthesis.addEventListener("voiceschanged", ready, { once: true });
})();
