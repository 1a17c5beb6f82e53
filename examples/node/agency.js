#!/usr/bin/env node
// An agency back-end for the Gateway, in Node.
//
//   node agency.js submit FILE --as agency-a --to agency-b   send a document, keep the acceptance receipt
//   node agency.js inbox --as agency-b [--out DIR]           receive every pending message, check it, acknowledge
//                                                            it, fetch and verify its receipts
//   node agency.js demo FILE --as agency-a --to agency-b     both, one after the other
//
// The contract is loaded from ../../protos at start (@grpc/proto-loader): nothing is generated or committed.
// Receipts are verified offline with `openssl cms -verify`: Node's crypto has no CMS (PKCS#7) verification.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PROTOS = path.resolve(__dirname, '..', '..', 'protos');
const GOOGLEAPIS = path.resolve(__dirname, '..', 'googleapis'); // google.rpc.Status and its details, for errors

// The development PKI's seal policy (src/Gateway.Crypto/CertificatePolicies.cs). Requiring it is what tells a
// gateway seal apart from any other certificate under the same root; a production seal's policy is its CA's.
const DEV_SEAL_POLICY = '2.25.82690633285368970356320120758612205703';

// Documents up to this size come inline in the inbox stream; larger ones are fetched with FetchContent.
const MAX_INLINE_BYTES = 1024 * 1024;

const MEDIA_TYPES = { '.pdf': 'application/pdf', '.xml': 'application/xml', '.json': 'application/json',
  '.txt': 'text/plain', '.png': 'image/png', '.jpg': 'image/jpeg', '.zip': 'application/zip' };

const gatewayV1 = grpc.loadPackageDefinition(protoLoader.loadSync('gateway/v1/exchange.proto', {
  includeDirs: [PROTOS],
  enums: String,   // receipt.event as 'RECEIPT_EVENT_SUBMISSION_ACCEPTANCE', not a number
  longs: Number,   // sizes fit a double: documents are at most 1 GiB
  defaults: true,
  oneofs: true,
})).gateway.v1;

// One agency's connection: its TLS client certificate is its identity, never a field in a request.
class Agency {
  constructor(server, pki, name) {
    const identity = path.join(pki, 'agencies', name);
    this.name = name;
    this.roots = path.join(pki, 'trust', 'roots.pem');
    const credentials = grpc.credentials.createSsl(
      fs.readFileSync(this.roots), // the CA of the gateway's TLS certificate
      fs.readFileSync(path.join(identity, 'client.key')),
      fs.readFileSync(path.join(identity, 'client.crt')));
    // grpc-js takes the trailer of a refused submission, signed rejection receipt included (about 12 KiB),
    // with its default limits; Python's gRPC (C core) needs grpc.max_metadata_size raised for it.
    this.exchange = new gatewayV1.Exchange(server, credentials);
  }

  // grpc-js unary calls take a callback; a promise reads better in a sequential flow.
  call(method, request, seconds = 30) {
    return new Promise((resolve, reject) =>
      this.exchange[method](request, { deadline: deadline(seconds) }, (error, response) =>
        (error ? reject(error) : resolve(response))));
  }

  close() {
    this.exchange.close();
  }
}

function deadline(seconds) {
  return new Date(Date.now() + seconds * 1000);
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

// Checks a receipt's CMS signature and its chain to `roots` with OpenSSL and returns the receipt JSON, which
// OpenSSL prints only when the signature and the chain are good. The time-stamp token in the signer's
// unsigned attributes is not checked here; `gw verify receipt` checks it too.
function verifyOffline(signed, roots, sealPolicy) {
  const args = ['cms', '-verify', '-inform', 'DER', '-CAfile', roots];
  if (sealPolicy) args.push('-policy', sealPolicy, '-explicit_policy');
  const result = spawnSync('openssl', args, { input: signed });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`receipt does not verify: ${result.stderr.toString().trim()}`);
  return JSON.parse(result.stdout.toString('utf8'));
}

// The fields an agency files with a case: what happened, between whom, to which bytes, at what level.
function describe(receipt) {
  const grade = receipt.grade;
  return {
    receiptId: receipt.receiptId,
    event: receipt.event,
    messageId: receipt.messageId,
    sender: receipt.sender?.agency,
    recipient: receipt.recipient?.agency,
    documentSha256: receipt.document?.sha256,
    gatewayTime: receipt.gatewayTime,
    grade: grade ? { level: grade.level, met: grade.met } : null,
  };
}

// The messages of an error's details, decoded with protobufjs (proto-loader builds service stubs, not codecs).
function errorDetailTypes() {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) =>
    [GOOGLEAPIS, PROTOS].map((dir) => path.join(dir, target)).find((file) => fs.existsSync(file)) ?? target;
  return root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto', 'gateway/v1/common.proto']);
}

// What a refusal says beyond its status: the stable reason, the field, when to retry, the rejection receipt.
// The gateway puts a google.rpc.Status in the grpc-status-details-bin trailer; agency code switches on
// ErrorInfo.reason (docs/api.md), never on the message text. A refused submission also carries its signed
// SubmissionRejection receipt: the agency's proof that it tried, kept and verified like any other.
function explain(error, out, roots, sealPolicy) {
  const lines = [`gateway refused: ${grpc.status[error.code]}: ${error.details}`];
  const [raw] = error.metadata?.get('grpc-status-details-bin') ?? [];
  if (!raw) return lines;
  const types = errorDetailTypes();
  for (const any of types.lookupType('google.rpc.Status').decode(raw).details) {
    // protobufjs's built-in google.protobuf.Any keeps the proto's field name, type_url.
    const name = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
    const detail = types.lookupType(name).decode(any.value);
    if (name === 'google.rpc.ErrorInfo') {
      const metadata = Object.keys(detail.metadata).length ? ` ${JSON.stringify(detail.metadata)}` : '';
      lines.push(`  reason: ${detail.reason} (domain ${detail.domain})${metadata}`);
    } else if (name === 'google.rpc.BadRequest') {
      lines.push(...detail.fieldViolations.map((violation) => `  field: ${violation.field}`));
    } else if (name === 'google.rpc.RetryInfo') {
      lines.push(`  retry after: ${Number(detail.retryDelay.seconds) + detail.retryDelay.nanos / 1e9} s`);
    } else if (name === 'gateway.v1.Receipt') {
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, `${detail.receiptId}.p7s`), detail.signed);
      const fields = verifyOffline(Buffer.from(detail.signed), roots, sealPolicy);
      lines.push(`  rejection receipt ${detail.receiptId} verified: ${fields.event}, reason ${fields.rejection.reason}`);
    }
  }
  return lines;
}

const eventName = (receipt) => receipt.event.replace('RECEIPT_EVENT_', '');

// Submit: one call, answered by a message id and a signed SubmissionAcceptance receipt.
async function submit(agency, file, recipient, out) {
  const content = fs.readFileSync(file);
  const mediaType = MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const response = await agency.call('Submit', {
    recipientAgency: recipient,
    content,
    mediaType,
    fileName: path.basename(file),
    // A retry with the same key returns the first receipt instead of sending the document twice.
    idempotencyKey: crypto.randomUUID(),
  });
  const { receipt } = response;
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${receipt.receiptId}.p7s`), receipt.signed);
  console.log(`submitted: message ${response.messageId}, receipt ${receipt.receiptId} (${eventName(receipt)}), `
    + `${content.length} bytes as ${mediaType}`);
  return response.messageId;
}

async function contentOf(agency, delivery) {
  if (delivery.contentInline) return delivery.content;
  const chunks = [];
  const stream = agency.exchange.FetchContent({ messageId: delivery.messageId }, { deadline: deadline(60) });
  for await (const chunk of stream) chunks.push(chunk.data);
  return Buffer.concat(chunks);
}

// Receives every pending message, keeps it, acknowledges it and files its verified receipts; returns the ids
// of the messages handled. Acknowledging is what the gateway answers with a ContentHandover receipt; a
// message not acknowledged within the delivery lease (60 s) is delivered again.
async function inbox(agency, out, sealPolicy) {
  const handled = [];
  const deliveries = agency.exchange.Receive(
    { maxInlineBytes: MAX_INLINE_BYTES, stopWhenEmpty: true }, { deadline: deadline(60) });
  for await (const delivery of deliveries) {
    const folder = path.join(out, delivery.messageId);
    fs.mkdirSync(folder, { recursive: true });
    const content = await contentOf(agency, delivery);
    const digest = sha256(content);
    if (digest !== delivery.documentSha256) {
      // Not acknowledged: the gateway delivers it again, and no receipt says we hold it.
      console.error(`received: message ${delivery.messageId}: SHA-256 ${digest} differs from `
        + `${delivery.documentSha256}; not acknowledged`);
      continue;
    }
    // The file name is the sender's: keep only its last component.
    fs.writeFileSync(path.join(folder, path.basename(delivery.fileName || 'document')), content);
    console.log(`received: message ${delivery.messageId} from ${delivery.senderAgency}: ${delivery.fileName}, `
      + `${content.length} bytes, SHA-256 ${digest} matches`);

    // Sending our digest makes the gateway refuse (DIGEST_MISMATCH) unless we hold exactly what was sent.
    const ack = await agency.call('Acknowledge', { messageId: delivery.messageId, documentSha256: digest });
    console.log(`acknowledged: message ${delivery.messageId}, receipt ${ack.receipt.receiptId} `
      + `(${eventName(ack.receipt)})`);

    const { receipts } = await agency.call('GetReceipts', { messageId: delivery.messageId });
    for (const receipt of receipts) {
      fs.writeFileSync(path.join(folder, `${receipt.receiptId}.p7s`), receipt.signed);
      const fields = verifyOffline(receipt.signed, agency.roots, sealPolicy);
      // What the seal covers must be about this message and these bytes, whatever the gRPC fields say.
      if (fields.messageId !== delivery.messageId || fields.document.sha256 !== digest) {
        throw new Error(`receipt ${receipt.receiptId} is about another message or document`);
      }
      console.log(`verified: receipt ${receipt.receiptId} (openssl cms -verify`
        + `${sealPolicy ? `, seal policy ${sealPolicy}` : ''}): ${JSON.stringify(describe(fields))}`);
    }
    handled.push(delivery.messageId);
  }
  return handled;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      server: { type: 'string', default: '127.0.0.1:7443' }, // host:port of the gateway (TLS)
      pki: { type: 'string', default: path.resolve(__dirname, '..', '..', 'certs', 'dev') },
      as: { type: 'string', default: 'agency-a' },
      to: { type: 'string', default: 'agency-b' },
      out: { type: 'string', default: 'out' },
      'seal-policy': { type: 'string', default: DEV_SEAL_POLICY }, // '' accepts any signer under the roots
    },
  });
  const [command, file] = positionals;
  if (!['submit', 'inbox', 'demo'].includes(command) || (command !== 'inbox' && !file)) {
    console.error('usage: node agency.js submit|demo FILE | inbox [--server HOST:PORT] [--pki DIR] '
      + '[--as AGENCY] [--to AGENCY] [--out DIR] [--seal-policy OID]');
    process.exit(2);
  }

  let messageId;
  try {
    if (command !== 'inbox') {
      const sender = new Agency(values.server, values.pki, values.as);
      messageId = await submit(sender, file, values.to, path.join(values.out, 'sent'));
      sender.close();
    }
    if (command !== 'submit') {
      const recipient = new Agency(values.server, values.pki, command === 'demo' ? values.to : values.as);
      const handled = await inbox(recipient, path.join(values.out, 'received'), values['seal-policy']);
      recipient.close();
      if (command === 'demo' && !handled.includes(messageId)) {
        throw new Error(`message ${messageId} was not in ${recipient.name}'s inbox`);
      }
    }
  } catch (error) {
    if (error.code === undefined) throw error; // not a gRPC status: a receipt that does not verify, a file
    const roots = path.join(values.pki, 'trust', 'roots.pem');
    console.error(explain(error, path.join(values.out, 'refused'), roots, values['seal-policy']).join('\n'));
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
