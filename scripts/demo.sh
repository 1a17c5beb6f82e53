#!/usr/bin/env bash
# make demo: a gateway on a free loopback port; agency-a submits a permit to agency-b; agency-b
# receives and acknowledges; both receipts are verified offline (gw verify, and openssl when present).
set -euo pipefail
cd "$(dirname "$0")/.."
gw=bin/gw
out=out/demo
rm -rf "$out"
mkdir -p "$out/trust" "$out/received"

$gw pki init --dir certs/dev >/dev/null
$gw serve --urls https://127.0.0.1:0 --data "$out/data" --pki certs/dev >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT

address=""
for _ in $(seq 1 300); do
  address=$(grep -oE 'listening on https://[0-9.:]+' "$out/server.log" | head -1 | sed 's/listening on //') || true
  [ -n "$address" ] && break
  kill -0 $server 2>/dev/null || { cat "$out/server.log"; echo "demo: the gateway did not start"; exit 1; }
  sleep 0.1
done
[ -n "$address" ] || { cat "$out/server.log"; echo "demo: the gateway did not start in time"; exit 1; }
echo "gateway at $address"

echo "== agency-a signs the permit at PAdES B-LTA (revocation answers from the gateway's development OCSP responder)"
$gw sign pdf samples/permit.pdf -o "$out/permit-signed.pdf" --level B-LTA --as agency-a --pki certs/dev \
  --reason "อนุมัติใบอนุญาต" --location "กรุงเทพมหานคร" --certify 2 --visible --qr "https://127.0.0.1:7443/v/permit-2569-0001"
if command -v pdfsig >/dev/null; then pdfsig -nocert "$out/permit-signed.pdf" | grep -E "Signature #|Type|Validation" || true; fi
# Our own validator: ETSI verdict, level, chain with revocation, changes after signing (the gateway serves OCSP/CRL).
$gw verify pdf "$out/permit-signed.pdf" --trust certs/dev/trust --json >"$out/permit-signed.verify.json" \
  && echo "gw verify pdf: $(grep -m1 '"indication"' "$out/permit-signed.verify.json" | tr -d ' ,')"

echo "== agency-a submits the signed permit to agency-b"
$gw submit "$out/permit-signed.pdf" --to agency-b --as agency-a --server "$address" --kind Permit \
  --service-id demo.permit --subject "Demonstration permit" --claim identity_proofing=digital-id:dga:standard \
  --out "$out/submission-receipt.p7s" | tee "$out/submit.txt"
message=$(grep -oE 'message +[0-9a-f-]+' "$out/submit.txt" | awk '{print $2}')

echo "== agency-b receives and acknowledges"
$gw inbox --as agency-b --server "$address" --out "$out/inbox" --ack
cp "$out/inbox/$message/permit-signed.pdf" "$out/received/permit.pdf"
cp "$out/inbox/$message/handover-receipt.p7s" "$out/handover-receipt.p7s"
cp certs/dev/trust/roots.pem "$out/trust/roots.pem"
cp certs/dev/log/log.pub "$out/trust/log.pub"

echo "== evidence log: the submission receipt's inclusion proof, a bundle for offline use, an audit"
$gw log proof --receipt "$out/submission-receipt.p7s" --as agency-a --server "$address" --json >"$out/submission-receipt.proof.json"
$gw receipt bundle "$out/submission-receipt.p7s" -o "$out/submission-receipt.bundle.json" --as agency-a --server "$address"
$gw log audit --from "$out/submission-receipt.proof.json" --as agency-b --server "$address" --out "$out/log-checkpoint.txt"

echo "== offline verification (no server)"
verdicts=()
for receipt in submission-receipt handover-receipt; do
  $gw verify receipt "$out/$receipt.p7s" --trust "$out/trust/roots.pem"
  $gw verify receipt "$out/$receipt.p7s" --trust "$out/trust/roots.pem" --json >"$out/$receipt.verify.json"
  verdicts+=("\"$receipt\": \"valid\"")
  if command -v openssl >/dev/null; then
    openssl cms -verify -inform DER -in "$out/$receipt.p7s" -CAfile "$out/trust/roots.pem" -out "$out/$receipt.json" 2>"$out/$receipt.openssl.txt"
    echo "openssl cms -verify: $(cat "$out/$receipt.openssl.txt")"
  fi
done

echo "== the bundle, offline: receipt, inclusion proof, signed checkpoint and its time-stamp"
$gw verify receipt "$out/submission-receipt.bundle.json" --trust "$out/trust/roots.pem" --log-key "$out/trust/log.pub"

sha=$(sha256sum "$out/received/permit.pdf" | awk '{print $1}')
cat >"$out/summary.json" <<JSON
{
  "gateway": "$address",
  "messageId": "$message",
  "sender": "agency-a",
  "recipient": "agency-b",
  "document": "received/permit.pdf",
  "documentSha256": "$sha",
  "sameAsSent": $( [ "$sha" = "$(sha256sum "$out/permit-signed.pdf" | awk '{print $1}')" ] && echo true || echo false ),
  "signedPermit": "permit-signed.pdf",
  "receipts": {
    "submission": "submission-receipt.p7s",
    "handover": "handover-receipt.p7s",
    "submissionBundle": "submission-receipt.bundle.json"
  },
  "evidenceLog": { "proof": "submission-receipt.proof.json", "checkpoint": "log-checkpoint.txt", "key": "trust/log.pub" },
  "verified": { $(IFS=,; echo "${verdicts[*]}") },
  "trust": "trust/roots.pem"
}
JSON
echo "== written to $out"
cat "$out/summary.json"
