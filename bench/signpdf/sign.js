// @signpdf 3.3 as a peer signer for scripts/bench-sign.sh: node sign.js IN OUT P12 PASSWORD
// Adds a plain (string-parsed) placeholder as an incremental update, then signs adbe.pkcs7.detached
// with node-forge (P12Signer handles RSA keys only).
'use strict';
const fs = require('node:fs');
const { SignPdf } = require('@signpdf/signpdf');
const { P12Signer } = require('@signpdf/signer-p12');
const { plainAddPlaceholder } = require('@signpdf/placeholder-plain');

async function main() {
  const [input, output, p12Path, password] = process.argv.slice(2);
  if (!input || !output || !p12Path || password === undefined) {
    console.error('usage: node sign.js IN OUT P12 PASSWORD');
    process.exit(2);
  }
  const pdfWithPlaceholder = plainAddPlaceholder({
    pdfBuffer: fs.readFileSync(input),
    reason: 'benchmark',
    contactInfo: 'bench',
    name: 'bench',
    location: 'bench',
  });
  const signer = new P12Signer(fs.readFileSync(p12Path), { passphrase: password });
  const signed = await new SignPdf().sign(pdfWithPlaceholder, signer);
  fs.writeFileSync(output, signed);
  console.log(`@signpdf signature: ${output}`);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
