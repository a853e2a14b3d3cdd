import io

import pytest
from django.urls import reverse

HEADER = ["村（社区）代码", "村（社区）名称", "所属乡镇（街道）代码", "中心村（社区）"]


def csv_bytes(rows, encoding):
    text = "\n".join(",".join(r) for r in [HEADER, *rows]) + "\n"
    return text.encode(encoding)


@pytest.mark.django_db
def test_gbk_csv_import_with_central_flag_and_row_errors(regions):
    from suzhaohuo.regions.models import Region
    from suzhaohuo.regions.services import villages_import

    data = csv_bytes([["321322102201", "新河村", "321322102", "是"],
                      ["321322102202", "王庄社区", "321322102", ""],
                      ["999999999001", "无名村", "999999999", "是"],
                      ["12345", "短码村", "321322102", ""]], "gbk")
    report = villages_import(actor=None, filename="villages.csv", fileobj=io.BytesIO(data))
    assert report.created == 2 and report.updated == 0
    assert [(e["row"], e["column"]) for e in report.errors] == [(4, "所属乡镇（街道）代码"), (5, "村（社区）代码")]
    assert "999999999" in report.errors[0]["reason"]
    v = Region.objects.get(code="321322102201")
    assert v.name == "新河村" and v.is_central_village and v.parent_id == "321322102" and v.level == "village"
    assert not Region.objects.get(code="321322102202").is_central_village
    again = villages_import(actor=None, filename="villages.csv", fileobj=io.BytesIO(data))
    assert again.created == 0 and again.updated == 2


@pytest.mark.django_db
def test_xlsx_import(regions):
    import openpyxl

    from suzhaohuo.regions.models import Region
    from suzhaohuo.regions.services import villages_import

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([321322102211, "胡集社区", "321322102", "是"])
    ws.append(["321322102212", "", "321322102", ""])
    buf = io.BytesIO()
    wb.save(buf)
    report = villages_import(actor=None, filename="名单.xlsx", fileobj=io.BytesIO(buf.getvalue()))
    assert report.created == 1 and report.errors[0]["row"] == 3 and "名称" in report.errors[0]["reason"]
    assert Region.objects.get(code="321322102211").is_central_village


@pytest.mark.django_db
def test_admin_import_page_shows_row_report(client, regions, make_staff):
    client.force_login(make_staff(role="admin", scope=None))
    url = reverse("admin:regions_region_import_villages")
    assert client.get(url).status_code == 200
    upload = io.BytesIO(csv_bytes([["321322102221", "李圩村", "321322102", "是"],
                                   ["321322999001", "错村", "321322999", ""]], "gbk"))
    upload.name = "v.csv"
    html = client.post(url, {"file": upload}).content.decode()
    assert "新增 1 个" in html and "321322999" in html and "3" in html
    bad = io.BytesIO(b"a,b\n1,2\n")
    bad.name = "bad.csv"
    assert "表头缺少" in client.post(url, {"file": bad}).content.decode()


@pytest.mark.django_db
def test_station_staff_cannot_import(client, regions, make_staff):
    client.force_login(make_staff(scope="胡集镇"))
    assert client.get(reverse("admin:regions_region_import_villages")).status_code == 403
