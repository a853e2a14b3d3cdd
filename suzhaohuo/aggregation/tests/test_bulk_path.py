"""The bulk path of the pipeline: a run of new items is de-duplicated among itself and against stored
postings, refused items never swallow their duplicates, repeats inside one call are handled in order,
and what is published is in the search index."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from suzhaohuo.aggregation.tests.conftest import item

pytestmark = pytest.mark.django_db


def _ingest(source: Any, items: list[Any]) -> list[Any]:
    from suzhaohuo.aggregation.services import ingest_items

    return ingest_items(source=source, items=items)


def test_signature_is_datasketch_minhash() -> None:
    from suzhaohuo.aggregation import dedup

    for text in ("", "a", "建筑小工12 宿豫区第12号项目：搬运砖块、清理建筑垃圾，包午饭。", "采摘工" * 300):
        key = dedup.text_key(text, text)
        assert np.array_equal(dedup.signature(key), dedup.signature_reference(key))


def test_near_duplicates_inside_one_call_make_one_posting(agency: Any, farm: Any) -> None:
    from suzhaohuo.aggregation.models import Posting, SourceLink

    first = item(1)
    again = item(1, external_id="A-1b", title=f"{first['title']}（急招）")
    other = item(2, township="颜集镇", address="颜集镇镇区")
    results = _ingest(agency, [first, again, other])
    assert [r.outcome for r in results] == ["created", "duplicate", "created"]
    assert results[1].job_id == results[0].job_id and results[1].duplicate_of_source == agency.name
    posting = Posting.objects.get(job_id=results[0].job_id)
    assert sorted(SourceLink.objects.filter(posting=posting).values_list("external_id", "is_first")) == [
        ("A-1", True), ("A-1b", False)]
    assert Posting.objects.count() == 2


def test_a_refused_item_does_not_swallow_its_duplicate(agency: Any, farm: Any) -> None:
    """The first of two near-identical items is refused by the postings rules (over 9,999 people):
    the second is then created on its own, not linked to a posting that does not exist."""
    from suzhaohuo.jobs.models import Job

    results = _ingest(agency, [item(1, headcount=10000), item(1, external_id="A-1b", headcount=5)])
    assert [r.outcome for r in results] == ["rejected", "created"]
    assert "9999" in results[0].issues[-1]["message"]
    assert Job.objects.count() == 1 and Job.objects.get().pk == results[1].job_id


def test_repeats_inside_one_call_are_taken_in_order(agency: Any, farm: Any) -> None:
    from suzhaohuo.aggregation.models import RawRecord

    results = _ingest(agency, [item(1), item(1), item(2), item(2, pay="180元/天"), item(3)])
    assert [r.outcome for r in results] == ["created", "unchanged", "created", "updated", "created"]
    assert results[3].job_id == results[2].job_id
    assert RawRecord.objects.count() == 5
    assert list(RawRecord.objects.order_by("id").values_list("external_id", flat=True)) == [
        "A-1", "A-1", "A-2", "A-2", "A-3"]


def test_bulk_import_is_in_the_search_index(client: Any, agency: Any, farm: Any,
                                            django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.search.models import SearchDoc

    work = [("苗木分拣工", "苗圃分拣苗木、捆扎装车"), ("桃园采摘工", "采摘黄桃并装箱"), ("大棚除草工", "蔬菜大棚人工除草"),
            ("花卉包装员", "鲜切花修剪包装发货"), ("仓库装卸工", "冷库蔬菜装卸搬运"), ("电商打包员", "网店订单拣货打包"),
            ("育苗嫁接工", "西瓜苗嫁接育苗"), ("果树修剪工", "梨树冬季修剪整形")]
    items = [item(n, title=title, description=f"{text}，地点在胡集镇，管午饭，当天结清。")
             for n, (title, text) in enumerate(work, start=1)]
    with django_capture_on_commit_callbacks(execute=True):
        results = _ingest(agency, items)
    created = {r.job_id for r in results if r.outcome == "created"}
    assert len(created) == len(work)
    docs = {d.job_id: d for d in SearchDoc.objects.all()}
    assert set(docs) == created
    # and keyword search (the full-text index, kept by the bulk upsert) finds them
    resp = client.get("/api/v1/jobs/search", {"q": "嫁接"})
    assert resp.status_code == 200, resp.content
    found = {hit["id"] for hit in resp.json()["results"]}
    assert found == {r.job_id for r, (title, _t) in zip(results, work, strict=True) if title == "育苗嫁接工"}


def test_one_batch_audit_not_one_per_row(agency: Any, farm: Any) -> None:
    from suzhaohuo.core.models import AuditEvent

    results = _ingest(agency, [item(n, township=town, address=f"{town}人民路1号") for n, town in enumerate(
        ["胡集镇", "颜集镇", "钱集镇", "沭城街道", "章集街道"], start=1)])
    assert [r.outcome for r in results] == ["created"] * 5, [r.issues for r in results]
    assert AuditEvent.objects.filter(action__startswith="aggregation.").exclude(
        action="aggregation.source_create").count() == 1
    # the jobs themselves keep their own per-posting trail (created, published)
    assert AuditEvent.objects.filter(action="jobs.create").count() == 5


def test_dispatch_is_queued_once_per_run_for_the_published(agency: Any, farm: Any, monkeypatch: Any,
                                                           django_capture_on_commit_callbacks: Any) -> None:
    from suzhaohuo.aggregation import tasks
    from suzhaohuo.matching import services as matching_services

    queued: list[list[int]] = []
    dispatched: list[int] = []
    real_enqueue = tasks.aggregation_dispatch.enqueue
    monkeypatch.setattr(matching_services, "dispatch_run", lambda pk: dispatched.append(pk) or [])
    monkeypatch.setattr(matching_services, "dispatch_on_publish", lambda pk: pytest.fail("per-posting dispatch"))
    monkeypatch.setattr(tasks, "aggregation_dispatch", type("T", (), {
        "enqueue": staticmethod(lambda ids: (queued.append(list(ids)), real_enqueue(ids))[1])}))
    towns = ["胡集镇", "颜集镇", "钱集镇"]
    with django_capture_on_commit_callbacks(execute=True):
        results = _ingest(agency, [item(n, township=t, address=f"{t}人民路1号") for n, t in enumerate(towns, 1)]
                          + [item(9, employer_name="还没登记的用工单位")])  # held: not published, not dispatched
    published = [r.job_id for r in results if r.job_status == "published"]
    assert len(published) == 3 and results[3].outcome == "held"
    assert queued == [published] and dispatched == published
