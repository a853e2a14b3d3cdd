"""The generic extension for other sealed documents (issue 15 uses it for training certificates): a registered
kind is sealed, chained between agreements and verified at /verify, and a tampered one breaks the chain."""

from __future__ import annotations

import re

import pytest

from suzhaohuo.agreements import signing
from suzhaohuo.agreements.choices import VerifyOutcome
from suzhaohuo.agreements.services import document_seal
from suzhaohuo.agreements.verification import (
    DocumentKind,
    VerifyResult,
    register_kind,
    sealed_document_checks,
    verify_chain,
    verify_number,
)

pytestmark = pytest.mark.django_db
STORE: dict[str, dict[str, str]] = {}


def _by_number(no: str) -> VerifyResult:
    d = STORE.get(no)
    if d is None:
        return VerifyResult(VerifyOutcome.UNKNOWN, "unknown", no)
    checks = sealed_document_checks(document_kind="test_doc", number=no, document=d["document"],
                                    document_sha256=d["sha"], seal_payload=d["seal"], platform_signature=d["sig"],
                                    key_id=d["key"])
    ok = all(c.ok for c in checks)
    return VerifyResult(VerifyOutcome.AUTHENTIC if ok else VerifyOutcome.BROKEN, "", no, None, checks,
                        summary={"facts": [("编号", no)]})


def _chain_ok(entry, data) -> bool:
    d = STORE.get(entry.document_number)
    return d is not None and data.get("document_sha256") == signing.sha256_hex(d["document"])


@pytest.fixture(autouse=True)
def _kind():
    register_kind(DocumentKind(code="test_doc", label="测试文书", number_re=re.compile(r"TST-\d{6}"),
                               by_number=_by_number, by_pdf_sha256=lambda digest: None, chain_ok=_chain_ok))
    STORE.clear()
    yield
    from suzhaohuo.agreements import verification

    verification._KINDS.pop("test_doc", None)


def _seal(no: str, text: str) -> None:
    document = signing.canonical_json({"text": text})
    sha = signing.sha256_hex(document)
    s = document_seal(document_kind="test_doc", number=no, document_sha256=sha)
    STORE[no] = {"document": document, "sha": sha, "seal": s.seal_payload, "sig": s.platform_signature,
                 "key": s.key_id}


def test_other_documents_chain_between_agreements_and_verify(sealed):
    _seal("TST-000001", "第一份")
    agreement = sealed(name="李四")
    _seal("TST-000002", "第二份")
    assert verify_chain().ok and verify_chain().entries == 3
    assert verify_number("TST-000001").ok and verify_number(agreement.number, signing.check_code(agreement.number)).ok
    assert verify_number("TST-999999").outcome == VerifyOutcome.UNKNOWN
    STORE["TST-000001"]["document"] = signing.canonical_json({"text": "改过的"})
    assert verify_number("TST-000001").outcome == VerifyOutcome.BROKEN
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 1
