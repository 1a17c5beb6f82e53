// The /v/{id} page: hashes a dropped file in the browser (SubtleCrypto SHA-256) and compares it with the
// recorded digest. The file never leaves the browser.
"use strict";
(function () {
  var zone = document.getElementById("compare");
  var input = document.getElementById("file");
  var out = document.getElementById("match");
  var expected = (zone.getAttribute("data-sha256") || "").toLowerCase();

  function say(cls, th, en) {
    out.className = cls;
    out.replaceChildren(document.createTextNode(th), document.createElement("br"), document.createTextNode(en));
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function compare(file) {
    if (!file) return;
    if (!expected) { say("", "รายการนี้ไม่มีค่าแฮชของเอกสารให้เทียบ", "This record names no document digest to compare with."); return; }
    if (!window.crypto || !window.crypto.subtle) {
      say("", "เบราว์เซอร์นี้คำนวณค่าแฮชไม่ได้ (ต้องใช้ HTTPS)", "This browser cannot compute the digest here (it needs HTTPS).");
      return;
    }
    file.arrayBuffer()
      .then(function (bytes) { return window.crypto.subtle.digest("SHA-256", bytes); })
      .then(function (digest) {
        var actual = hex(digest);
        if (actual === expected) say("green", "ตรงกัน: ไฟล์นี้คือเอกสารที่เกตเวย์บันทึกไว้ (SHA-256 " + actual + ")",
          "Match: this file is the document the gateway recorded (SHA-256 " + actual + ").");
        else say("red", "ไม่ตรงกัน: ไฟล์นี้ไม่ใช่เอกสารที่บันทึกไว้ (SHA-256 " + actual + ")",
          "No match: this file is not the recorded document (SHA-256 " + actual + ").");
      });
  }

  input.addEventListener("change", function () { compare(input.files[0]); });
  zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer.files.length) compare(e.dataTransfer.files[0]);
  });
})();
