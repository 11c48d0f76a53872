"""TLS to the hub is verified against the configured CA (``sync.ca_file``), never skipped."""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sync.service import EnrollmentError

from .contract_hub import ContractHub


def _cert(subject: str, key: ec.EllipticCurvePrivateKey, issuer_name: x509.Name, issuer_key: ec.EllipticCurvePrivateKey,
          ca: bool) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(issuer_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                                      content_commitment=False, key_encipherment=False,
                                                      data_encipherment=False, key_agreement=False,
                                                      encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture
def tls_hub(tmp_path: Path) -> Iterator[tuple[ContractHub, Path]]:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kiosk Test CA")])
    ca = _cert("Kiosk Test CA", ca_key, ca_name, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert("127.0.0.1", key, ca_name, ca_key, ca=False)
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain = tmp_path / "server.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(chain)
    hub = ContractHub(ssl_context=ctx).start()
    yield hub, ca_file
    hub.stop()


def test_tls_verified_against_the_configured_ca(tls_hub: tuple[ContractHub, Path], terminal_factory) -> None:
    hub, ca_file = tls_hub
    assert hub.url.startswith("https://")
    t = terminal_factory(hub.url)
    with pytest.raises(EnrollmentError, match="TLS"):  # the system CAs do not know the test CA
        t.enroll(hub.url, hub.new_token())
    e = t.enroll(hub.url, hub.new_token(), ca_file=str(ca_file))
    t.settings.sync.ca_file = str(ca_file)
    t.store.enqueue("rating", {"score": 4})
    report = t.service.run_once(heartbeat=False)
    assert report.ok, report.errors
    assert e.terminal_id in hub.state.terminals and t.store.outbox_depth() == 0


def test_wrong_ca_is_refused(tls_hub: tuple[ContractHub, Path], terminal_factory, tmp_path: Path) -> None:
    hub, _ca_file = tls_hub
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Other CA")])
    other = tmp_path / "other-ca.pem"
    other.write_bytes(_cert("Other CA", other_key, other_name, other_key, ca=True).public_bytes(
        serialization.Encoding.PEM))
    t = terminal_factory(hub.url)
    with pytest.raises(EnrollmentError, match="TLS"):
        t.enroll(hub.url, hub.new_token(), ca_file=str(other))
    assert t.store.keys.enrollment() is None
