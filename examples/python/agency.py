#!/usr/bin/python3
"""An agency back-end for the Gateway, in Python.

    agency.py submit FILE --as agency-a --to agency-b      send a document, keep the acceptance receipt
    agency.py inbox --as agency-b [--out DIR]              receive every pending message, check it, acknowledge it,
                                                           fetch and verify its receipts
    agency.py demo FILE --as agency-a --to agency-b        both, one after the other

Run it with Debian's python3 (/usr/bin/python3: python3-grpcio). The gRPC stubs are generated from
../../protos into ./build on first run (see generate_stubs). Receipts are verified offline with
`openssl cms -verify`: nothing here trusts what the gateway says about its own receipts.
"""
import argparse
import hashlib
import json
import mimetypes
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import grpc

HERE = Path(__file__).resolve().parent
PROTOS = HERE.parent.parent / "protos"
GOOGLEAPIS = HERE.parent / "googleapis"  # google.rpc.Status and its details, for reading errors
BUILD = HERE / "build"

# The development PKI's seal policy (src/Gateway.Crypto/CertificatePolicies.cs). Requiring it is what tells a
# gateway seal apart from any other certificate under the same root; a production seal's policy is its CA's.
DEV_SEAL_POLICY = "2.25.82690633285368970356320120758612205703"

# Room for an error's details in the trailer (a rejection receipt is a few KiB of CMS, base64-encoded).
MAX_METADATA_BYTES = 64 * 1024

# Documents up to this size come inline in the inbox stream; larger ones are fetched with FetchContent.
MAX_INLINE_BYTES = 1024 * 1024


def generate_stubs():
    """Generates the Python messages and stubs from protos/ (and google.rpc's) into build/ when missing or older.

    Debian's protoc (protobuf-compiler 3.21, with grpc_python_plugin from protobuf-compiler-grpc 1.51) is
    used rather than `python3 -m grpc_tools.protoc`: the protoc inside Debian's python3-grpc-tools 1.14 is
    3.5, which rejects proto3 `optional` (Receipt.log_index), while 3.21 matches python3-protobuf exactly.
    """
    gateway = sorted((PROTOS / "gateway" / "v1").glob("*.proto"))
    google_rpc = sorted((GOOGLEAPIS / "google" / "rpc").glob("*.proto"))
    marker = BUILD / "gateway" / "v1" / "exchange_pb2_grpc.py"
    if not marker.exists() or marker.stat().st_mtime < max(p.stat().st_mtime for p in gateway + google_rpc):
        plugin = shutil.which("grpc_python_plugin")
        if shutil.which("protoc") is None or plugin is None:
            sys.exit("protoc and grpc_python_plugin are needed: apt-get install protobuf-compiler "
                     "protobuf-compiler-grpc libprotobuf-dev (or `make deps` in the repository)")
        BUILD.mkdir(exist_ok=True)
        # /usr/include has google/protobuf/*.proto (libprotobuf-dev).
        subprocess.run(["protoc", f"-I{PROTOS}", f"-I{GOOGLEAPIS}", "-I/usr/include",
                        f"--python_out={BUILD}", f"--grpc_python_out={BUILD}",
                        f"--plugin=protoc-gen-grpc_python={plugin}", *map(str, gateway + google_rpc)], check=True)
    sys.path.insert(0, str(BUILD))


generate_stubs()
from gateway.v1 import exchange_pb2 as ex  # noqa: E402  (generated just above)
from gateway.v1 import exchange_pb2_grpc as ex_grpc  # noqa: E402
from gateway.v1 import common_pb2  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402


class Agency:
    """One agency's connection: its TLS client certificate is its identity, never a field in a request."""

    def __init__(self, server, pki, agency):
        pki = Path(pki)
        self.name = agency
        self.roots = pki / "trust" / "roots.pem"
        identity = pki / "agencies" / agency
        credentials = grpc.ssl_channel_credentials(
            root_certificates=self.roots.read_bytes(),          # the CA of the gateway's TLS certificate
            private_key=(identity / "client.key").read_bytes(),
            certificate_chain=(identity / "client.crt").read_bytes())
        # A refused submission's trailer carries the signed rejection receipt, larger than gRPC's default 8 KiB
        # of metadata: without a higher limit the client sees only RESOURCE_EXHAUSTED and loses the receipt.
        self.channel = grpc.secure_channel(server, credentials, options=[("grpc.max_metadata_size", MAX_METADATA_BYTES)])
        self.exchange = ex_grpc.ExchangeStub(self.channel)

    def close(self):
        self.channel.close()


def explain(error, out, roots, seal_policy):
    """What a refusal says beyond its status: the stable reason, the field, when to retry, the rejection receipt.

    The gateway puts a google.rpc.Status in the grpc-status-details-bin trailer; agency code switches on
    ErrorInfo.reason (docs/api.md), never on the message text. A refused submission also carries its signed
    SubmissionRejection receipt: the agency's proof that it tried, kept and verified like any other.
    """
    lines = [f"gateway refused: {error.code().name}: {error.details()}"]
    raw = dict(error.trailing_metadata() or ()).get("grpc-status-details-bin")
    if raw is None:
        return lines
    for detail in status_pb2.Status.FromString(raw).details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            lines.append(f"  reason: {info.reason} (domain {info.domain}) {dict(info.metadata) or ''}".rstrip())
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            lines += [f"  field: {v.field}" for v in bad.field_violations]
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            detail.Unpack(retry)
            lines.append(f"  retry after: {retry.retry_delay.ToTimedelta()}")
        elif detail.Is(common_pb2.Receipt.DESCRIPTOR):
            receipt = common_pb2.Receipt()
            detail.Unpack(receipt)
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{receipt.receipt_id}.p7s").write_bytes(receipt.signed)
            try:
                fields = verify_offline(receipt.signed, roots, seal_policy)
                lines.append(f"  rejection receipt {receipt.receipt_id} verified: {fields['event']}, "
                             f"reason {fields['rejection']['reason']}")
            except ValueError as invalid:
                lines.append(f"  rejection receipt {receipt.receipt_id}: {invalid}")
    return lines


def event_name(receipt):
    return common_pb2.ReceiptEvent.Name(receipt.event).removeprefix("RECEIPT_EVENT_")


def verify_offline(signed, roots, seal_policy):
    """Checks a receipt's CMS signature and its chain to `roots` with OpenSSL and returns the receipt JSON.

    Python's `cryptography` (Debian 38) cannot verify CMS SignedData, so OpenSSL does it: it prints the
    encapsulated JSON only when the signature and the chain are good. The time-stamp token in the signer's
    unsigned attributes is not checked here; `gw verify receipt` checks it too.
    """
    command = ["openssl", "cms", "-verify", "-inform", "DER", "-CAfile", str(roots)]
    if seal_policy:
        command += ["-policy", seal_policy, "-explicit_policy"]
    result = subprocess.run(command, input=signed, capture_output=True)
    if result.returncode != 0:
        raise ValueError("receipt does not verify: " + result.stderr.decode(errors="replace").strip())
    return json.loads(result.stdout)


def describe(receipt_json):
    """The fields an agency files with a case: what happened, between whom, to which bytes, at what level."""
    grade = receipt_json.get("grade") or {}
    return {
        "receiptId": receipt_json["receiptId"],
        "event": receipt_json["event"],
        "messageId": receipt_json.get("messageId"),
        "sender": (receipt_json.get("sender") or {}).get("agency"),
        "recipient": (receipt_json.get("recipient") or {}).get("agency"),
        "documentSha256": (receipt_json.get("document") or {}).get("sha256"),
        "gatewayTime": receipt_json.get("gatewayTime"),
        "grade": {"level": grade.get("level"), "met": grade.get("met")} if grade else None,
    }


def submit(agency, path, recipient, out):
    """Submit: one call, answered by a message id and a signed SubmissionAcceptance receipt."""
    content = Path(path).read_bytes()
    media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = agency.exchange.Submit(ex.SubmitRequest(
        recipient_agency=recipient,
        content=content,
        media_type=media_type,
        file_name=Path(path).name,
        # A retry with the same key returns the first receipt instead of sending the document twice.
        idempotency_key=str(uuid.uuid4()),
    ), timeout=30)
    receipt = response.receipt
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{receipt.receipt_id}.p7s").write_bytes(receipt.signed)
    print(f"submitted: message {response.message_id}, receipt {receipt.receipt_id} ({event_name(receipt)}), "
          f"{len(content)} bytes as {media_type}")
    return response.message_id


def content_of(agency, delivery):
    if delivery.content_inline:
        return delivery.content
    chunks = agency.exchange.FetchContent(ex.FetchContentRequest(message_id=delivery.message_id), timeout=60)
    return b"".join(chunk.data for chunk in chunks)


def inbox(agency, out, seal_policy):
    """Receives every pending message, keeps it, acknowledges it and files its verified receipts.

    Returns the ids of the messages handled. Acknowledging is what the gateway answers with a ContentHandover
    receipt; a message not acknowledged within the delivery lease (60 s) is delivered again.
    """
    handled = []
    deliveries = agency.exchange.Receive(
        ex.ReceiveRequest(max_inline_bytes=MAX_INLINE_BYTES, stop_when_empty=True), timeout=60)
    for delivery in deliveries:
        folder = out / delivery.message_id
        folder.mkdir(parents=True, exist_ok=True)
        content = content_of(agency, delivery)
        digest = hashlib.sha256(content).hexdigest()
        if digest != delivery.document_sha256:
            # Not acknowledged: the gateway delivers it again, and no receipt says we hold it.
            print(f"received: message {delivery.message_id}: SHA-256 {digest} differs from "
                  f"{delivery.document_sha256}; not acknowledged", file=sys.stderr)
            continue
        # The file name is the sender's: keep only its last component.
        (folder / Path(delivery.file_name or "document").name).write_bytes(content)
        print(f"received: message {delivery.message_id} from {delivery.sender_agency}: {delivery.file_name}, "
              f"{len(content)} bytes, SHA-256 {digest} matches")

        # Sending our digest makes the gateway refuse (DIGEST_MISMATCH) unless we hold exactly what was sent.
        ack = agency.exchange.Acknowledge(
            ex.AcknowledgeRequest(message_id=delivery.message_id, document_sha256=digest), timeout=30)
        print(f"acknowledged: message {delivery.message_id}, receipt {ack.receipt.receipt_id} "
              f"({event_name(ack.receipt)})")

        receipts = agency.exchange.GetReceipts(ex.GetReceiptsRequest(message_id=delivery.message_id), timeout=30)
        for receipt in receipts.receipts:
            (folder / f"{receipt.receipt_id}.p7s").write_bytes(receipt.signed)
            fields = verify_offline(receipt.signed, agency.roots, seal_policy)
            # What the seal covers must be about this message and these bytes, whatever the gRPC fields say.
            if fields.get("messageId") != delivery.message_id or fields["document"]["sha256"] != digest:
                raise ValueError(f"receipt {receipt.receipt_id} is about another message or document")
            print(f"verified: receipt {receipt.receipt_id} (openssl cms -verify"
                  f"{', seal policy ' + seal_policy if seal_policy else ''}): {json.dumps(describe(fields))}")
        handled.append(delivery.message_id)
    return handled


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["submit", "inbox", "demo"])
    parser.add_argument("file", nargs="?", help="the document to submit (submit, demo)")
    parser.add_argument("--server", default="127.0.0.1:7443", help="host:port of the gateway (TLS)")
    parser.add_argument("--pki", default=str(HERE.parent.parent / "certs" / "dev"),
                        help="the PKI folder: agencies/AGENCY/client.{crt,key} and trust/roots.pem")
    parser.add_argument("--as", dest="agency", default="agency-a", help="who this back-end is")
    parser.add_argument("--to", default="agency-b", help="the recipient agency (submit, demo)")
    parser.add_argument("--out", default="out", help="where documents and receipts are written")
    parser.add_argument("--seal-policy", default=DEV_SEAL_POLICY,
                        help="certificate policy the receipt's signer must have ('' to accept any signer under the roots)")
    args = parser.parse_args()
    if args.command in ("submit", "demo") and not args.file:
        parser.error(f"{args.command} needs a FILE")
    out = Path(args.out)

    try:
        if args.command in ("submit", "demo"):
            sender = Agency(args.server, args.pki, args.agency)
            message_id = submit(sender, args.file, args.to, out / "sent")
            sender.close()
        if args.command in ("inbox", "demo"):
            recipient = Agency(args.server, args.pki, args.to if args.command == "demo" else args.agency)
            handled = inbox(recipient, out / "received", args.seal_policy)
            recipient.close()
            if args.command == "demo" and message_id not in handled:
                sys.exit(f"message {message_id} was not in {recipient.name}'s inbox")
    except grpc.RpcError as error:
        sys.exit("\n".join(explain(error, out / "refused", Path(args.pki) / "trust" / "roots.pem", args.seal_policy)))
    except ValueError as error:  # a receipt that does not verify
        sys.exit(str(error))


if __name__ == "__main__":
    main()
