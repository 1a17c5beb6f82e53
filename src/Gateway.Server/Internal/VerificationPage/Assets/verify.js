// The /verify page: sends the dropped file as the raw request body to verify/api (relative, so a path prefix
// in front of the gateway keeps working) and shows the answer. No framework, no third-party code.
"use strict";
(function () {
  var form = document.getElementById("upload");
  var input = document.getElementById("file");
  var status = document.getElementById("status");
  var maxBytes = Number(form.getAttribute("data-max-bytes")) || 0;
  var downloadUrl = null;

  if (maxBytes) {
    document.getElementById("limit").textContent =
      "ขนาดไม่เกิน " + mib(maxBytes) + " MiB / at most " + mib(maxBytes) + " MiB";
  }

  function mib(n) { return Math.round(n / 1048576 * 10) / 10; }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function bilingual(th, en) {
    return [el("p", { lang: "th" }, [th]), el("p", { lang: "en" }, [en])];
  }

  var verdictWords = {
    green: ["ผ่าน", "Valid"],
    amber: ["ยังยืนยันไม่ได้", "Not confirmed"],
    red: ["ไม่ผ่าน", "Not valid"]
  };

  function colour(indication) {
    return indication === "TOTAL_PASSED" ? "green" : indication === "TOTAL_FAILED" ? "red" : "amber";
  }

  function fact(list, th, en, value) {
    if (value === null || value === undefined || value === "") return;
    list.appendChild(el("dt", {}, [th + " / " + en]));
    list.appendChild(el("dd", {}, [String(value)]));
  }

  function showSignature(s, i) {
    var c = colour(s.indication);
    var facts = el("dl", { "class": "facts" });
    fact(facts, "ผู้ลงนาม", "Signed by", s.signer);
    fact(facts, "เวลาที่ลงนาม", "Signed at", s.signedAtThai ? s.signedAtThai + " — " + s.signedAt : s.signedAt);
    fact(facts, "ระดับ", "Level", s.level);
    fact(facts, "ระดับตามกฎหมาย", "Legal tier", s.legalTier);
    fact(facts, "ผลการตรวจสอบ", "Indication", s.indication + (s.subIndication ? " / " + s.subIndication : ""));
    fact(facts, "แก้ไขหลังลงนาม", "Changed after signing", s.modifiedAfterSigning ? "ใช่ / yes" : "ไม่ / no");
    var box = el("article", { "class": "signature " + c, "data-indication": s.indication, id: "signature-" + i }, [
      el("h3", {}, [(s.field || "signature") + " — " + verdictWords[c][0] + " / " + verdictWords[c][1]])
    ].concat(bilingual(s.explanationTh, s.explanationEn)).concat([facts]));
    if (s.errors && s.errors.length) {
      box.appendChild(el("ul", { "class": "checks errors" }, s.errors.map(function (e) { return el("li", {}, [e]); })));
    }
    if (s.checks && s.checks.length) {
      box.appendChild(el("p", {}, ["สิ่งที่ตรวจสอบ / What was checked:"]));
      box.appendChild(el("ul", { "class": "checks" }, s.checks.map(function (e) { return el("li", {}, [e]); })));
    }
    return box;
  }

  function showReceipt(r) {
    var facts = el("dl", { "class": "facts", id: "receipt-facts" });
    fact(facts, "รหัสใบตอบรับ", "Receipt id", r.receiptId);
    fact(facts, "เหตุการณ์", "Event", r.event);
    fact(facts, "รหัสข้อความ", "Message id", r.messageId);
    fact(facts, "ผู้ส่ง", "Sender", r.sender);
    fact(facts, "ผู้รับ", "Recipient", r.recipient);
    if (r.document) {
      fact(facts, "ค่าแฮช SHA-256 ของเอกสาร", "Document SHA-256", r.document.sha256);
      fact(facts, "ขนาด", "Size", r.document.size + " bytes");
      fact(facts, "ชนิด", "Media type", r.document.mediaType);
    }
    fact(facts, "เวลาของเกตเวย์", "Gateway time", r.gatewayTimeThai + " — " + r.gatewayTime);
    fact(facts, "ระดับ", "Level", r.level);
    if (r.log) fact(facts, "ตำแหน่งในบันทึกหลักฐาน", "Evidence log position", "leaf " + r.log.leafIndex + " of " + r.log.origin);
    return facts;
  }

  function show(answer) {
    var result = document.getElementById("result");
    var verdict = document.getElementById("verdict");
    var words = verdictWords[answer.verdict] || verdictWords.amber;
    verdict.className = "verdict " + answer.verdict;
    verdict.setAttribute("data-verdict", answer.verdict);
    verdict.replaceChildren.apply(verdict, [el("h2", {}, [words[0] + " / " + words[1]])].concat(bilingual(answer.summaryTh, answer.summaryEn)));
    var receipt = document.getElementById("receipt");
    receipt.replaceChildren();
    if (answer.receipt) receipt.appendChild(showReceipt(answer.receipt));
    var list = document.getElementById("signatures");
    list.replaceChildren.apply(list, (answer.signatures || []).map(showSignature));
    var text = JSON.stringify(answer.report, null, 2);
    document.getElementById("report").textContent = text;
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    document.getElementById("download").href = downloadUrl;
    result.hidden = false;
  }

  function fail(th, en) {
    document.getElementById("result").hidden = true;
    status.className = "error";
    status.replaceChildren(el("span", { lang: "th" }, [th]), el("br"), el("span", { lang: "en" }, [en]));
  }

  function verify(file) {
    if (!file) return;
    if (maxBytes && file.size > maxBytes) {
      fail("ไฟล์ใหญ่เกินไป (ไม่เกิน " + mib(maxBytes) + " MiB)", "The file is too large (at most " + mib(maxBytes) + " MiB).");
      return;
    }
    status.className = "";
    status.textContent = "กำลังตรวจสอบ… / Verifying…";
    fetch(form.getAttribute("action"), { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (r) {
        if (!r.ok) { fail(r.body.error.th, r.body.error.en); return; }
        status.textContent = file.name;
        show(r.body);
      })
      .catch(function () { fail("เชื่อมต่อเกตเวย์ไม่ได้", "Could not reach the gateway."); });
  }

  input.addEventListener("change", function () { verify(input.files[0]); });
  form.addEventListener("submit", function (e) { e.preventDefault(); verify(input.files[0]); });
  form.addEventListener("dragover", function (e) { e.preventDefault(); form.classList.add("over"); });
  form.addEventListener("dragleave", function () { form.classList.remove("over"); });
  form.addEventListener("drop", function (e) {
    e.preventDefault();
    form.classList.remove("over");
    if (e.dataTransfer.files.length) verify(e.dataTransfer.files[0]);
  });
})();
